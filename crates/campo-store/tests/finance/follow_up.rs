//! Imports of the receivables file, contacts and promises, and the five-month follow-up.

use super::*;

#[tokio::test]
async fn a_file_imports_once_an_update_updates_and_bad_rows_are_named() {
    let (store, admin) = provider().await;
    let today = store.today().await.unwrap();
    let due = today - chrono::Days::new(20);
    let file = format!(
        "{HEADER}{}{}",
        row("900", 1, due, None),
        row("901", 2, due, Some(-2))
    );
    let checked = support::checked(&store, ImportKind::Receivables, file.as_bytes()).await;
    let (first, _) = support::write(&store, admin, &checked).await;
    assert_eq!((first.created, first.updated, first.unchanged), (2, 0, 0));
    let pending = store.pending_operations(1_000).await.unwrap().len();
    let (again, _) = support::write(&store, admin, &checked).await;
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));
    assert_eq!(
        store.pending_operations(1_000).await.unwrap().len(),
        pending,
        "nothing new to send"
    );
    let page = store
        .late_customers(&LateQuery::default(), today, &DEFAULT_STEPS)
        .await
        .unwrap();
    assert_eq!((page.total, page.owed_cents), (1, 9_990));
    let late = page.rows;
    assert_eq!(late.len(), 1);
    assert_eq!(late[0].name, "Cliente 1 Araújo");
    assert_eq!(late[0].days_late, 20);
    assert_eq!(late[0].owed_cents, 9_990);
    assert_eq!(
        late[0].step,
        Some(campo_domain::finance::NonPaymentStep::Notice)
    );

    // The customer paid: the next export updates the receivable and they are late no more.
    let paid = format!("{HEADER}{}", row("900", 1, due, Some(5)));
    let checked = support::checked(&store, ImportKind::Receivables, paid.as_bytes()).await;
    let (update, _) = support::write(&store, admin, &checked).await;
    assert_eq!((update.created, update.updated), (0, 1));
    assert!(
        store
            .late_customers(&LateQuery::default(), today, &DEFAULT_STEPS)
            .await
            .unwrap()
            .rows
            .is_empty()
    );

    // Bad rows are named by line and column; nothing is written.
    let bad = format!(
        "{HEADER}{}{}\
         903;C2;;01/10/2026;10/10/2026;-50,00;A;;\n\
         904;C2;;10/10/2026;20/10/2026;99,90;R;05/10/2026;99,90\n\
         905;C404;;01/10/2026;10/10/2026;99,90;A;;\n\
         906;C2;;01/10/2026;10/10/2026;99,90;X;;\n\
         907;C3;K1;01/10/2026;10/10/2026;99,90;A;;\n\
         908;C5;K77;01/10/2026;10/10/2026;99,90;A;;\n\
         909;C6;K77;01/11/2026;10/11/2026;99,90;A;;\n",
        row("902", 3, due, None),
        row("902", 3, due, None),
    );
    let t = table::read(bad.as_bytes()).unwrap();
    let mapping = Mapping::guess(ImportKind::Receivables, &t.headers);
    let found = check(
        ImportKind::Receivables,
        &t,
        &mapping,
        &store.import_known(ImportKind::Receivables).await.unwrap(),
    );
    let said: Vec<(usize, String)> = found
        .problems
        .iter()
        .map(|p| (p.line, p.message(campo_domain::Lang::PtBr)))
        .collect();
    let on = |line: usize, kind: fn(&ProblemKind) -> bool| {
        found
            .problems
            .iter()
            .any(|p| p.line == line && kind(&p.kind))
    };
    assert!(
        on(3, |k| matches!(k, ProblemKind::Duplicate { .. })),
        "{said:?}"
    );
    assert!(
        on(4, |k| matches!(k, ProblemKind::NotPositive { .. })),
        "{said:?}"
    );
    assert!(
        on(5, |k| matches!(k, ProblemKind::DateBefore { .. })),
        "{said:?}"
    );
    assert!(
        on(6, |k| matches!(k, ProblemKind::UnknownCustomer { .. })),
        "{said:?}"
    );
    assert!(
        on(7, |k| matches!(k, ProblemKind::Unrecognised { .. })),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|(l, m)| *l == 5 && m.contains("Data do pagamento") && m.contains("Emissão")),
        "{said:?}"
    );
    // A contract is one customer's: one Campo has for another customer, or one an earlier
    // line names with another, is named with whose it is.
    assert!(
        said.contains(&(
            8,
            "Linha 8, coluna C (id_contrato): o contrato “K1” é de outro cliente no Campo (C1)"
                .into()
        )),
        "{said:?}"
    );
    assert!(
        said.contains(&(
            10,
            "Linha 10, coluna C (id_contrato): o contrato “K77” já aparece na linha 9 com outro cliente (C5)"
                .into()
        )),
        "{said:?}"
    );
    assert!(!said.iter().any(|(l, _)| *l == 9), "{said:?}");
}

#[tokio::test]
async fn a_contact_is_recorded_and_a_passed_promise_stands_out() {
    let (store, admin) = provider().await;
    let today = store.today().await.unwrap();
    let file = format!(
        "{HEADER}{}",
        row("700", 4, today - chrono::Days::new(40), None)
    );
    let checked = support::checked(&store, ImportKind::Receivables, file.as_bytes()).await;
    support::write(&store, admin, &checked).await;
    let late = store
        .late_customers(&LateQuery::default(), today, &DEFAULT_STEPS)
        .await
        .unwrap()
        .rows;
    let customer = late[0].customer_id.clone();
    assert_eq!(
        late[0].step,
        Some(campo_domain::finance::NonPaymentStep::PartialSuspension)
    );
    assert_eq!(
        late[0].next_step,
        Some(campo_domain::finance::NonPaymentStep::Suspension)
    );
    assert_eq!(late[0].days_to_next, Some(20));

    // The provider's own steps: refused out of order, by name; kept when right, and the late
    // customer's step follows them.
    use campo_domain::finance::{NonPaymentStep, StepAfter};
    let step = |step, days| StepAfter { step, days };
    let mut w = store.writer(admin).await.unwrap();
    let refused = w
        .set_non_payment_steps(
            &[
                step(NonPaymentStep::Suspension, 20),
                step(NonPaymentStep::Notice, 30),
            ],
            Utc::now(),
        )
        .await
        .unwrap_err();
    assert_eq!(
        campo_domain::Localized::message(&refused, campo_domain::Lang::PtBr),
        "“Aviso de débito” precisa vir depois de “Suspensão total”, com mais dias"
    );
    let own = [
        step(NonPaymentStep::Notice, 5),
        step(NonPaymentStep::Termination, 35),
    ];
    w.set_non_payment_steps(&own, Utc::now()).await.unwrap();
    w.commit().await.unwrap();
    let steps = store.non_payment_steps().await.unwrap();
    assert_eq!(steps, own);
    let late = store
        .late_customers(&LateQuery::default(), today, &steps)
        .await
        .unwrap()
        .rows;
    assert_eq!(late[0].step, Some(NonPaymentStep::Termination));
    assert_eq!(late[0].next_step, None);

    let form = |outcome, promised_on: Option<NaiveDate>| ContactForm {
        customer_id: customer.clone(),
        channel: Channel::Whatsapp,
        outcome,
        promised_on: promised_on.map(|d| d.to_string()),
        note: "  Pediu a segunda via  ".into(),
    };
    let mut w = store.writer(admin).await.unwrap();
    let refused = w
        .record_contact(&form(ContactOutcome::Promised, None), today, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(
        campo_domain::Localized::message(&refused, campo_domain::Lang::PtBr),
        "Informe a data em que o cliente prometeu pagar"
    );
    w.record_contact(
        &form(ContactOutcome::Promised, Some(today + chrono::Days::new(2))),
        today,
        Utc::now(),
    )
    .await
    .unwrap();
    w.commit().await.unwrap();

    let late = store
        .late_customers(&LateQuery::default(), today, &DEFAULT_STEPS)
        .await
        .unwrap()
        .rows;
    let contact = late[0].last_contact.as_ref().unwrap();
    assert_eq!(
        (
            contact.outcome,
            contact.note.as_str(),
            contact.by_name.as_str()
        ),
        (ContactOutcome::Promised, "Pediu a segunda via", "Ana Prado")
    );
    assert!(!late[0].promise_broken);
    // Three days on, still late: the promise has passed.
    let later = today + chrono::Days::new(3);
    let late = store
        .late_customers(&LateQuery::default(), later, &DEFAULT_STEPS)
        .await
        .unwrap()
        .rows;
    assert!(late[0].promise_broken);
    let money = store
        .customer_money(customer.parse().unwrap(), today)
        .await
        .unwrap();
    assert_eq!(money.contacts.len(), 1);
    assert_eq!(money.receivables.len(), 1);
    assert!(money.receivables[0].overdue);

    // The reminder: nothing while the day promised has not passed; then the customer, the
    // day, who recorded it and what is owed.
    assert!(store.passed_promises(today).await.unwrap().is_empty());
    let reminders = store.passed_promises(later).await.unwrap();
    assert_eq!(reminders.len(), 1);
    let r = &reminders[0];
    assert_eq!(
        (
            r.customer_id.as_str(),
            r.name.as_str(),
            r.promised_on.clone(),
            r.by_name.as_str(),
            r.owed_cents
        ),
        (
            customer.as_str(),
            "Cliente 4 Araújo",
            (today + chrono::Days::new(2)).to_string(),
            "Ana Prado",
            9_990
        )
    );
    // Paid the day after the promise (the next export says so): no longer a reminder.
    let file = format!(
        "{HEADER}{}",
        row("700", 4, today - chrono::Days::new(40), Some(43))
    );
    let checked = support::checked(&store, ImportKind::Receivables, file.as_bytes()).await;
    support::write(&store, admin, &checked).await;
    assert!(
        store
            .passed_promises(later + chrono::Days::new(1))
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn the_five_month_follow_up_moves_with_the_next_export() {
    let (store, admin) = provider().await;
    let today = store.today().await.unwrap();
    let due = |back: u32| today - Months::new(back);
    // Customer 5: new (first receivable three months ago), two months paid on time, the third
    // due in a few days. Customer 6: late now. Customer 7: paid one late, then one on time.
    let file = format!(
        "{HEADER}{}{}{}{}{}{}{}",
        row("500", 5, due(2), Some(-1)),
        row("501", 5, due(1), Some(0)),
        row("502", 5, today + chrono::Days::new(5), None),
        row("600", 6, due(1), None),
        row("700", 7, due(2), Some(9)),
        row("701", 7, due(1), Some(-3)),
        row("702", 7, today + chrono::Days::new(5), None),
    );
    let checked = support::checked(&store, ImportKind::Receivables, file.as_bytes()).await;
    support::write(&store, admin, &checked).await;
    let follow = store.follow_up(today).await.unwrap();
    let stage = |name: &str| follow.rows.iter().find(|r| r.name == name).map(|r| r.stage);
    assert_eq!(stage("Cliente 5 Araújo"), Some(Stage::OnTrack { paid: 2 }));
    assert!(matches!(
        stage("Cliente 6 Araújo"),
        Some(Stage::Late { .. })
    ));
    assert_eq!(
        stage("Cliente 7 Araújo"),
        Some(Stage::BackOnTrack { paid: 1 })
    );
    assert_eq!(follow.rows[0].name, "Cliente 6 Araújo", "the late first");
    assert_eq!(
        stage("Cliente 1 Araújo"),
        None,
        "no receivables: not followed"
    );

    // The next export: customer 5 paid the third month early.
    let next = format!(
        "{HEADER}{}",
        row("502", 5, today + chrono::Days::new(5), Some(-5))
    );
    let checked = support::checked(&store, ImportKind::Receivables, next.as_bytes()).await;
    support::write(&store, admin, &checked).await;
    let follow = store.follow_up(today).await.unwrap();
    let five = follow
        .rows
        .iter()
        .find(|r| r.name == "Cliente 5 Araújo")
        .unwrap();
    assert_eq!(five.stage, Stage::OnTrack { paid: 3 });
    // The list as finance exports it.
    let csv = follow.to_csv(campo_domain::Lang::PtBr);
    assert!(
        csv.starts_with("cliente;município;telefone;desde;situação;meses pagos em dia;"),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("Cliente 5 Araújo;Recife;") && l.ends_with(";em dia;3;")),
        "{csv}"
    );
}

#[tokio::test]
async fn after_a_round_brings_receivables_the_months_finance_reads_are_kept_ahead() {
    let (store, admin) = provider().await;
    let today = store.today().await.unwrap();
    // Mid-month, so it is overdue by the month's end whatever day the suite runs on.
    let month_ago = (today - Months::new(1)).with_day(10).unwrap();
    let file = format!(
        "{HEADER}{}{}",
        row("800", 1, month_ago, None),
        row("801", 2, month_ago, Some(3))
    );
    let checked = support::checked(&store, ImportKind::Receivables, file.as_bytes()).await;
    support::write(&store, admin, &checked).await;
    assert_eq!(store.kept_figures().await.unwrap().late_months, 0);
    // A coordinator's device keeps no money (it has none to read).
    store
        .warm_figures(campo_protocol::Role::Coordinator, today, 12)
        .await
        .unwrap();
    let kept = store.kept_figures().await.unwrap();
    assert_eq!((kept.rate_months, kept.late_months), (0, 0));
    // Finance's: the eleven ended months' rates and late customers, before any page opens.
    store
        .warm_figures(campo_protocol::Role::Finance, today, 12)
        .await
        .unwrap();
    let kept = store.kept_figures().await.unwrap();
    assert_eq!((kept.rate_months, kept.late_months), (11, 11));
    let last = LateQuery {
        month: Some(month_ago.format("%Y-%m").to_string()),
        ..LateQuery::default()
    };
    let page = store
        .late_customers(&last, today, &DEFAULT_STEPS)
        .await
        .unwrap();
    assert_eq!(page.total, 1, "the kept month reads as computed");
}
