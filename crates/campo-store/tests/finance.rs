//! The payment follow-up on a finance device: receivables imported from a file (all or
//! nothing, again changes nothing, an updated export updates), the default rate as the domain
//! defines it, the customers late with their contacts and broken promises, and the five-month
//! follow-up moving when the next month's export arrives.

use campo_domain::finance::{
    Channel, ContactOutcome, DEFAULT_STEPS, Dues, ReceivableStatus, Stage,
};
use campo_import::{ImportKind, Mapping, ProblemKind, check, table};
use campo_store::finance::{ContactForm, LateQuery, months_until};
use chrono::{Datelike, Months, NaiveDate, Utc};

#[path = "support/finance.rs"]
mod receivables;
#[path = "support/import.rs"]
mod support;
use receivables::{CUSTOMERS, HEADER, br, provider, row};

#[tokio::test]
async fn the_default_rate_counts_customers_and_amounts_as_the_domain_defines_them() {
    let (store, admin) = provider().await;
    let today = store.today().await.unwrap();
    // Fourteen months of receivables, paid on time, late, partly, never or cancelled, in a
    // pattern that gives every month a different mix.
    let first = today.with_day(1).unwrap() - Months::new(13);
    let mut file = String::from(HEADER);
    let mut dues: Vec<Dues> = Vec::new();
    let mut seed = 7u64;
    for m in 0..14u32 {
        for c in 0..CUSTOMERS {
            // Due days across the month; one due today, judged on its due date.
            let mut due = (first + Months::new(m))
                .with_day(1 + (c as u32 * 5) % 28)
                .unwrap();
            if m == 13 && c == 0 {
                due = today;
            }
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let pick = (seed >> 33) % 10;
            let amount = 5_000 + ((seed >> 20) % 20_000) as i64;
            let (status, paid_on, paid) = match pick {
                0..=3 => ("R", Some(due - chrono::Days::new(1)), amount),
                4 => ("R", Some(due), amount),
                5 | 6 => ("R", Some(due + chrono::Days::new(12 + pick * 9)), amount),
                7 => ("P", Some(due + chrono::Days::new(3)), amount / 2),
                8 => ("C", None, 0),
                _ => ("A", None, 0),
            };
            let paid_on = paid_on.filter(|p| *p <= today);
            let status = if status != "C" && status != "A" && paid_on.is_none() {
                "A"
            } else {
                status
            };
            file.push_str(&format!(
                "T{m}-{c};C{c};;;{};{},{:02};{status};{};{}\n",
                br(due),
                amount / 100,
                amount % 100,
                paid_on.map(br).unwrap_or_default(),
                if paid_on.is_some() {
                    format!("{},{:02}", paid / 100, paid % 100)
                } else {
                    String::new()
                },
            ));
            dues.push(Dues {
                due,
                amount_cents: amount,
                status: match status {
                    "R" => ReceivableStatus::Paid,
                    "P" => ReceivableStatus::Partial,
                    "C" => ReceivableStatus::Cancelled,
                    _ => ReceivableStatus::Open,
                },
                paid_on,
                paid_cents: if paid_on.is_some() { paid } else { 0 },
            });
        }
    }
    let checked = support::checked(&store, ImportKind::Receivables, file.as_bytes()).await;
    let (summary, _) = support::write(&store, admin, &checked).await;
    assert_eq!(summary.created, 14 * CUSTOMERS);

    let months = months_until(today, 14);
    let rates = store.default_rates(&months, today).await.unwrap();
    assert_eq!(rates.len(), 14);
    for rate in &rates {
        let (start, last) = campo_store::finance::month_bounds(&rate.label).unwrap();
        let on = last.min(today);
        let inside: Vec<(usize, &Dues)> = dues
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                d.due >= start && d.due <= last && d.status != ReceivableStatus::Cancelled
            })
            .collect();
        let customers: std::collections::HashSet<usize> =
            inside.iter().map(|(i, _)| i % CUSTOMERS).collect();
        let late: std::collections::HashSet<usize> = inside
            .iter()
            .filter(|(_, d)| d.overdue_on(on))
            .map(|(i, _)| i % CUSTOMERS)
            .collect();
        let due: i64 = inside.iter().map(|(_, d)| d.amount_cents).sum();
        let owed: i64 = inside.iter().map(|(_, d)| d.owed_on(on)).sum();
        assert_eq!(
            (
                rate.customers,
                rate.customers_late,
                rate.due_cents,
                rate.late_cents
            ),
            (customers.len() as i64, late.len() as i64, due, owed),
            "month {}",
            rate.label
        );
    }
    // Some month has late customers, and the rates are shares of what was due.
    assert!(rates.iter().any(|r| r.customers_late > 0));
    let r = rates.iter().find(|r| r.customers_late > 0).unwrap();
    assert_eq!(
        r.customer_rate,
        Some(r.customers_late as f64 / r.customers as f64)
    );

    // The customers behind each figure are the figure's, and those late today are the
    // domain's too.
    for rate in &rates {
        let page = store
            .late_customers(
                &LateQuery {
                    month: Some(rate.label.clone()),
                    text: None,
                    group: None,
                },
                today,
                &DEFAULT_STEPS,
            )
            .await
            .unwrap();
        assert_eq!(
            (page.total, page.owed_cents),
            (rate.customers_late, rate.late_cents)
        );
    }
    let now = store
        .late_customers(&LateQuery::default(), today, &DEFAULT_STEPS)
        .await
        .unwrap();
    let late_now: std::collections::HashSet<usize> = dues
        .iter()
        .enumerate()
        .filter(|(_, d)| d.overdue_on(today))
        .map(|(i, _)| i % CUSTOMERS)
        .collect();
    let owed_now: i64 = dues.iter().map(|d| d.owed_on(today)).sum();
    assert_eq!(
        (now.total, now.owed_cents),
        (late_now.len() as i64, owed_now)
    );

    // Read again, an ended month reads the same (kept); a receivable of it paid on time in
    // the next export changes it.
    assert_eq!(store.default_rates(&months, today).await.unwrap(), rates);
    let (m, late_one) = (0..13u32)
        .find_map(|m| {
            let start = (first + Months::new(m)).with_day(1).unwrap();
            (0..CUSTOMERS)
                .find(|c| {
                    let d = &dues[m as usize * CUSTOMERS + c];
                    d.status == ReceivableStatus::Open && d.due >= start
                })
                .map(|c| (m, c))
        })
        .expect("an open receivable in an ended month");
    let d = dues[m as usize * CUSTOMERS + late_one];
    let paid = format!(
        "id;id_cliente;data_vencimento;valor;status;pagamento_data;valor_recebido\nT{m}-{late_one};C{late_one};{};{},{:02};R;{};{},{:02}\n",
        br(d.due),
        d.amount_cents / 100,
        d.amount_cents % 100,
        br(d.due),
        d.amount_cents / 100,
        d.amount_cents % 100,
    );
    let checked = support::checked(&store, ImportKind::Receivables, paid.as_bytes()).await;
    support::write(&store, admin, &checked).await;
    let again = store.default_rates(&months, today).await.unwrap();
    let i = months
        .iter()
        .position(|l| *l == d.due.format("%Y-%m").to_string())
        .unwrap();
    assert_eq!(
        again[i].customers_late,
        rates[i].customers_late - 1,
        "month {}",
        months[i]
    );
    assert_eq!(again[i].late_cents, rates[i].late_cents - d.amount_cents);
    // The month's late customers were kept when read above: read again, they follow.
    let page = store
        .late_customers(
            &LateQuery {
                month: Some(months[i].clone()),
                text: None,
                group: None,
            },
            today,
            &DEFAULT_STEPS,
        )
        .await
        .unwrap();
    assert_eq!(
        (page.total, page.owed_cents),
        (again[i].customers_late, again[i].late_cents),
        "month {}",
        months[i]
    );
    assert_eq!(
        again[i + 1..],
        rates[i + 1..],
        "the other months as they were"
    );

    // A month with nothing due says so instead of 0%.
    let empty = store
        .default_rates(&["2001-01".to_owned()], today)
        .await
        .unwrap();
    assert_eq!((empty[0].customer_rate, empty[0].amount_rate), (None, None));

    // By city: Olinda's and Recife's customers add up to the month.
    let month = &rates[rates.len() - 2];
    let by_city = store
        .default_rate_by(&month.label, campo_store::finance::RateBy::City, today)
        .await
        .unwrap();
    let labels: Vec<&str> = by_city.iter().map(|g| g.label.as_str()).collect();
    assert!(
        labels.contains(&"Olinda/PE") && labels.contains(&"Recife/PE"),
        "{labels:?}"
    );
    assert_eq!(
        by_city.iter().map(|g| g.customers).sum::<i64>(),
        month.customers
    );
    // Each city's line opens to its own late customers, who add up to the month's.
    let mut opened = 0;
    for g in &by_city {
        let page = store
            .late_customers(
                &LateQuery {
                    month: Some(month.label.clone()),
                    text: None,
                    group: Some(campo_store::finance::RateGroup {
                        by: campo_store::finance::RateBy::City,
                        label: g.label.clone(),
                    }),
                },
                today,
                &DEFAULT_STEPS,
            )
            .await
            .unwrap();
        assert_eq!(
            (page.total, page.owed_cents),
            (g.customers_late, g.late_cents),
            "{}",
            g.label
        );
        let city = g.label.split('/').next().unwrap_or_default();
        assert!(page.rows.iter().all(|r| r.city == city), "{}", g.label);
        opened += page.total;
    }
    assert_eq!(opened, month.customers_late);
    assert_eq!(
        by_city.iter().map(|g| g.late_cents).sum::<i64>(),
        month.late_cents
    );

    // The CSV behind the chart: the months, then the month's groups, in the person's words.
    let row = campo_store::finance::Rate {
        label: "2026-11".into(),
        customers: 3,
        customers_late: 1,
        due_cents: 29_970,
        late_cents: 9_990,
        customer_rate: Some(1.0 / 3.0),
        amount_rate: Some(1.0 / 3.0),
    };
    let sva = |label: &str| campo_store::finance::Rate {
        label: label.into(),
        ..row.clone()
    };
    let groups = [
        (campo_store::finance::RateBy::City, by_city.clone()),
        (
            campo_store::finance::RateBy::Sva,
            vec![sva("iptv"), sva("")],
        ),
    ];
    let pt = campo_store::finance::rates_csv(
        std::slice::from_ref(&row),
        &groups,
        campo_domain::Lang::PtBr,
    );
    let lines: Vec<&str> = pt.lines().collect();
    assert!(
        lines[0].starts_with("agrupamento;item;clientes com título;clientes em atraso"),
        "{pt}"
    );
    assert_eq!(lines[1], "mês;2026-11;3;1;33,3;299,70;99,90;33,3");
    assert_eq!(lines.len(), 4 + by_city.len(), "{pt}");
    assert!(lines[2].starts_with("município;"), "{pt}");
    assert!(
        lines.contains(&"SVA;Com IPTV;3;1;33,3;299,70;99,90;33,3"),
        "{pt}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("SVA;(não informado);")),
        "{pt}"
    );
    let en = campo_store::finance::rates_csv(&[row], &[], campo_domain::Lang::En);
    assert_eq!(
        en.lines().nth(1),
        Some("month;2026-11;3;1;33.3;299.70;99.90;33.3")
    );
}

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
    let month_ago = today - Months::new(1);
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
