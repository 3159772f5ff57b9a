//! The default rate, counted over fourteen months of receivables as the domain defines it.

use super::*;

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
