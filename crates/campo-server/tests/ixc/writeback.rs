//! Visits from IXC closed in Campo are written back to IXC once, and the administrator reads
//! where the connection stands.

use super::*;

#[tokio::test]
async fn a_visit_from_ixc_scheduled_and_done_in_campo_is_written_back_to_ixc_once() {
    use campo_server::erp::standing::write_back as standing;
    use campo_server::erp::writeback::{send_pending, write_back};
    let server = campo_fixtures::server::start().await;
    let (url, stand) = stand(customers()).await;
    let erp = Ixc::new(config(&url, TOKEN));
    let mut office = support::Client::new(&server, "mariana").await;
    let mut tech = support::Client::new(&server, "josue").await;
    // IXC's 5001 and an order of Campo's own, both scheduled for tomorrow morning.
    let from_ixc =
        support::scheduled_order_from(&mut office, server.technician, Some("5001")).await;
    let own = support::scheduled_order(&mut office, server.technician).await;
    // IXC's 5002 was scheduled too, then went back to the queue: its scheduling is not sent.
    let dropped = support::scheduled_order_from(&mut office, server.technician, Some("5002")).await;
    let answers = office
        .push(&[support::move_to(
            dropped,
            "scheduled",
            "approved",
            Some("Cliente pediu para remarcar"),
        )])
        .await;
    assert_eq!(answers, ["applied"]);
    let sent_to = |stand: &Stand, table: &str| -> Vec<Value> {
        stand
            .seen
            .lock()
            .unwrap()
            .iter()
            .filter(|(t, _)| t == table)
            .map(|(_, b)| b.clone())
            .collect()
    };
    let status = |stand: &Stand| {
        stand.tables.lock().unwrap()["su_oss_chamado"]
            .iter()
            .find(|r| r["id"] == "5001")
            .unwrap()["status"]
            .clone()
    };

    // IXC is away at first: the scheduling waits, named, and nothing is lost.
    stand
        .faults
        .lock()
        .unwrap()
        .push_back(Fault::Error("Sistema em manutenção"));
    let sent = write_back(&server.db, &erp, "ixc", "306").await.unwrap();
    assert_eq!((sent.scheduled, sent.failed), (0, 1));
    assert_eq!(
        standing(&server.db, "ixc").await.unwrap().to_string(),
        "agendamentos no ERP: enviados 0, aguardando 1; a remarcar no ERP: enviadas 0, aguardando 0; \
         fechamentos no ERP: enviados 0, aguardando 0; OS 5001: o ERP respondeu com um erro: Sistema em manutenção (1 tentativa)",
        "only the order from IXC"
    );
    let sent = write_back(&server.db, &erp, "ixc", "306").await.unwrap();
    assert_eq!((sent.scheduled, sent.closed, sent.failed), (1, 0, 0));
    let scheduled = sent_to(&stand, "su_oss_chamado_reagendar");
    assert_eq!(scheduled.len(), 1);
    let body = &scheduled[0];
    let tomorrow = chrono::Utc::now()
        .with_timezone(&chrono_tz::America::Sao_Paulo)
        .date_naive()
        .succ_opt()
        .unwrap();
    let utc_tomorrow = (chrono::Utc::now() + chrono::TimeDelta::days(1)).date_naive();
    let day = body["data_agendamento"].as_str().unwrap()[..10].to_owned();
    assert!(
        day == tomorrow.to_string() || day == utc_tomorrow.to_string(),
        "{body}"
    );
    assert_eq!(body["id_chamado"], "5001");
    assert_eq!(body["status"], "AG");
    assert_eq!(body["id_tecnico"], "306");
    assert_eq!(body["data_agendamento"], format!("{day} 08:00:00"));
    assert_eq!(body["data_agendamento_final"], format!("{day} 12:00:00"));
    let shown = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d")
        .unwrap()
        .format("%d/%m/%Y");
    assert_eq!(
        body["mensagem"],
        format!("Agendada no Campo para {shown}, manhã (08:00–12:00), técnico Josué Lins.")
    );
    assert_eq!(status(&stand), "AG");
    // Nothing new: nothing sent.
    let sent = write_back(&server.db, &erp, "ixc", "306").await.unwrap();
    assert_eq!((sent.scheduled, sent.closed, sent.failed), (0, 0, 0));

    for order in [from_ixc, own] {
        let answers = tech
            .push(&[
                support::move_to(order, "scheduled", "en_route", None),
                support::move_to(order, "en_route", "in_progress", None),
                support::move_to(
                    order,
                    "in_progress",
                    "done",
                    Some("ONU do cliente reaproveitada"),
                ),
            ])
            .await;
        assert!(answers.iter().all(|a| a == "applied"), "{answers:?}");
    }
    // Another server instance over the same database has the write-back's turn: this one
    // sends nothing, and the closing waits (sent once, by one of them).
    let other = campo_server::erp::turns::take(
        &server.db,
        "writeback:ixc",
        "another-instance",
        campo_server::erp::turns::TURN_TIME,
    )
    .await
    .unwrap()
    .expect("the turn is free");
    let sent = write_back(&server.db, &erp, "ixc", "306").await.unwrap();
    assert_eq!((sent.scheduled, sent.closed, sent.failed), (0, 0, 0));
    assert!(sent_to(&stand, "su_oss_chamado_fechar").is_empty());
    other.end(&server.db).await.unwrap();
    let sent = write_back(&server.db, &erp, "ixc", "306").await.unwrap();
    assert_eq!((sent.scheduled, sent.closed, sent.failed), (0, 1, 0));
    let closings = sent_to(&stand, "su_oss_chamado_fechar");
    assert_eq!(closings.len(), 1);
    let body = &closings[0];
    assert_eq!(body["id_chamado"], "5001");
    assert_eq!(body["status"], "F");
    assert_eq!(body["id_tecnico"], "306");
    assert_eq!(
        body["mensagem"],
        "Concluída no Campo por Josué Lins. Observação: ONU do cliente reaproveitada"
    );
    let when = |k: &str| body[k].as_str().unwrap().to_owned();
    for k in ["data_inicio", "data_final"] {
        assert!(
            chrono::NaiveDateTime::parse_from_str(&when(k), "%Y-%m-%d %H:%M:%S").is_ok(),
            "{k}: {}",
            when(k)
        );
    }
    assert!(when("data_inicio") <= when("data_final"));
    assert_eq!(status(&stand), "F");
    // Another turn sends nothing, and a lost answer is not sent twice: IXC has it closed.
    let sent = write_back(&server.db, &erp, "ixc", "306").await.unwrap();
    assert_eq!((sent.scheduled, sent.closed, sent.failed), (0, 0, 0));
    sqlx::query("UPDATE erp_closings SET sent_at = NULL")
        .execute(server.db.pool())
        .await
        .unwrap();
    let sent = send_pending(&server.db, &erp, "ixc", "306").await.unwrap();
    assert_eq!(
        (sent.closed, sent.failed),
        (1, 0),
        "IXC has it closed already"
    );
    assert_eq!(
        sent_to(&stand, "su_oss_chamado_fechar").len(),
        1,
        "not sent again"
    );
    assert_eq!(
        standing(&server.db, "ixc").await.unwrap().to_string(),
        "agendamentos no ERP: enviados 1, aguardando 0; a remarcar no ERP: enviadas 0, aguardando 0; \
         fechamentos no ERP: enviados 1, aguardando 0"
    );
}

#[tokio::test]
async fn a_visit_from_ixc_not_done_in_campo_is_put_back_to_be_rescheduled_in_ixc() {
    use campo_server::erp::standing::write_back as standing;
    use campo_server::erp::writeback::write_back;
    let server = campo_fixtures::server::start().await;
    let (url, stand) = stand(customers()).await;
    let erp = Ixc::new(config(&url, TOKEN));
    let mut office = support::Client::new(&server, "mariana").await;
    let mut tech = support::Client::new(&server, "josue").await;
    let tech_id = server.technician;
    // Five visits from IXC scheduled in Campo for tomorrow.
    let mut order = std::collections::HashMap::new();
    for id in ["5001", "5002", "5003", "5004", "5005"] {
        order.insert(
            id,
            support::scheduled_order_from(&mut office, tech_id, Some(id)).await,
        );
    }
    // 5005 goes back to the queue before IXC hears of it: there is nothing to put back.
    let answers = office
        .push(&[support::move_to(
            order["5005"],
            "scheduled",
            "approved",
            Some("Cliente viaja"),
        )])
        .await;
    assert_eq!(answers, ["applied"]);
    let record = |stand: &Stand, id: &str| {
        stand.tables.lock().unwrap()["su_oss_chamado"]
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    let updates = |stand: &Stand| -> Vec<(String, Value)> {
        stand
            .seen
            .lock()
            .unwrap()
            .iter()
            .filter(|(t, _)| t.starts_with("su_oss_chamado/"))
            .cloned()
            .collect()
    };
    let sent = write_back(&server.db, &erp, "ixc", "306").await.unwrap();
    assert_eq!((sent.scheduled, sent.returned, sent.failed), (4, 0, 0));
    assert_eq!(record(&stand, "5001")["status"], "AG");
    assert_eq!(record(&stand, "5005")["status"], "AG", "as IXC had it");

    // The customer of 5001 was not home; IXC's people moved it on their side meanwhile (DS).
    let not_done = |order| {
        [
            support::move_to(order, "scheduled", "en_route", None),
            support::move_to(order, "en_route", "not_done", Some("Cliente ausente")),
        ]
    };
    assert_eq!(
        tech.push(&not_done(order["5001"])).await,
        ["applied", "applied"]
    );
    stand
        .tables
        .lock()
        .unwrap()
        .get_mut("su_oss_chamado")
        .unwrap()[0]["status"] = json!("DS");
    // 5002 is given up and scheduled again in Campo before the next turn: IXC gets the new
    // scheduling only.
    let tomorrow = (chrono::Utc::now() + chrono::TimeDelta::days(1))
        .date_naive()
        .to_string();
    let answers = office
        .push(&[
            support::move_to(
                order["5002"],
                "scheduled",
                "approved",
                Some("Cliente viaja"),
            ),
            support::schedule(order["5002"], "approved", tech_id, &tomorrow, "afternoon"),
        ])
        .await;
    assert_eq!(answers, ["applied", "applied"]);
    // 5003 is not done, then cancelled in Campo: a cancellation is not written back.
    assert_eq!(
        tech.push(&not_done(order["5003"])).await,
        ["applied", "applied"]
    );
    let answers = office
        .push(&[support::move_to(
            order["5003"],
            "not_done",
            "cancelled",
            Some("Cliente desistiu"),
        )])
        .await;
    assert_eq!(answers, ["applied"]);
    // 5004 was finished in IXC, then not done in Campo: IXC has nothing to reschedule.
    assert_eq!(
        tech.push(&not_done(order["5004"])).await,
        ["applied", "applied"]
    );

    // IXC refuses the first request (5002's new scheduling): it waits and goes at the next
    // turn; the return does not wait for it.
    stand
        .faults
        .lock()
        .unwrap()
        .push_back(Fault::Error("Sistema em manutenção"));
    let before = record(&stand, "5001");
    let sent = write_back(&server.db, &erp, "ixc", "306").await.unwrap();
    assert_eq!((sent.scheduled, sent.returned, sent.failed), (0, 1, 1));
    let sent = write_back(&server.db, &erp, "ixc", "306").await.unwrap();
    assert_eq!((sent.scheduled, sent.returned, sent.failed), (1, 0, 0));
    let put = updates(&stand);
    assert_eq!(put.len(), 1, "only 5001 was put back: {put:?}");
    let (path, body) = &put[0];
    assert_eq!(path, "su_oss_chamado/5001");
    assert_eq!(body["status"], "RAG");
    // The record whole, as it was, but its status, its id, its technician and its zero dates.
    assert_eq!(body["id_cliente"], before["id_cliente"]);
    assert_eq!(body["mensagem"], before["mensagem"]);
    assert_eq!(body["data_reagendar"], "");
    assert!(
        body.get("id").is_none() && body.get("id_tecnico").is_none(),
        "{body}"
    );
    assert_eq!(record(&stand, "5001")["status"], "RAG");
    assert_eq!(
        record(&stand, "5002")["status"],
        "AG",
        "rescheduled, not put back"
    );
    assert_eq!(
        record(&stand, "5003")["status"],
        "AG",
        "cancelled in Campo: left"
    );
    assert_eq!(
        record(&stand, "5004")["status"],
        "F",
        "finished in IXC: left"
    );
    assert_eq!(
        standing(&server.db, "ixc").await.unwrap().to_string(),
        "agendamentos no ERP: enviados 4, aguardando 0; a remarcar no ERP: enviadas 1, aguardando 0; \
         fechamentos no ERP: enviados 0, aguardando 0"
    );
    // Nothing new: nothing sent; scheduled again in Campo, IXC gets the new scheduling.
    let sent = write_back(&server.db, &erp, "ixc", "306").await.unwrap();
    assert_eq!((sent.scheduled, sent.returned, sent.failed), (0, 0, 0));
    let answers = office
        .push(&[support::schedule(
            order["5001"],
            "not_done",
            tech_id,
            &tomorrow,
            "morning",
        )])
        .await;
    assert_eq!(answers, ["applied"]);
    let sent = write_back(&server.db, &erp, "ixc", "306").await.unwrap();
    assert_eq!((sent.scheduled, sent.returned, sent.failed), (1, 0, 0));
    assert_eq!(record(&stand, "5001")["status"], "AG");
    assert_eq!(updates(&stand).len(), 1);
}

#[tokio::test]
async fn the_administrator_reads_where_the_connection_stands_and_when_it_is_tried_again() {
    use campo_domain::{Lang, Localized};
    let server =
        campo_fixtures::server::start_with(|s| s.with_erp_schedule(Some(("ixc", 15)))).await;
    let admin = support::Client::new(&server, "admin").await;
    // Never read yet: said so, nothing failing.
    let fresh = admin.http.erp_standing().await.unwrap();
    assert_eq!(fresh.erp.as_deref(), Some("IXC Provedor"));
    assert_eq!(fresh.every_minutes, Some(15));
    assert!(
        fresh
            .readings
            .iter()
            .all(|r| r.last_run_at.is_none() && r.next_at.is_none())
    );

    let at = chrono::DateTime::parse_from_rfc3339("2026-12-03T12:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    use campo_server::erp::standing;
    standing::succeeded(&server.db, "ixc", ImportKind::Customers, Some("101"), at)
        .await
        .unwrap();
    let down = ErpError::Unavailable {
        attempts: 3,
        cause: Cause::Status(503),
    };
    for _ in 0..2 {
        standing::failed(&server.db, "ixc", ImportKind::Orders, &down, at)
            .await
            .unwrap();
    }
    let s = admin.http.erp_standing().await.unwrap();
    let kinds: Vec<&str> = s.readings.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(kinds, ["customers", "orders", "receivables"]);
    let orders = &s.readings[1];
    assert_eq!((orders.failures, orders.problem.as_ref()), (2, Some(&down)));
    assert_eq!(orders.next_at.as_deref(), Some("2026-12-03T12:15:00.000Z"));
    assert_eq!(
        down.message(Lang::PtBr),
        "o ERP não respondeu como esperado depois de 3 tentativas (HTTP 503)"
    );
    assert_eq!(
        down.message(Lang::En),
        "the ERP did not answer as expected after 3 attempts (HTTP 503)"
    );
    assert_eq!(s.readings[0].problem, None);
    // A work order the ERP no longer has is named by the server, not passed off as the ERP's
    // own words, and read in the administrator's language.
    let gone = ErpError::UnknownOrder {
        external_id: "5009".into(),
    };
    assert_eq!(gone.message(Lang::PtBr), "a OS 5009 não existe no ERP");
    assert_eq!(gone.message(Lang::En), "the ERP has no work order 5009");
    assert_eq!(
        ErpError::NotConfigured {
            setting: Setting::Token
        }
        .message(Lang::En),
        "the connection to the ERP is not set up: the token is missing"
    );

    // Only the administrator.
    let office = support::Client::new(&server, "mariana").await;
    let e = office.http.erp_standing().await.unwrap_err();
    assert!(e.to_string().contains("Só a administração"), "{e}");
}
