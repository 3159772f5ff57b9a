//! Proof of service: the customer's signature taken at the visit, what closing each order
//! kind requires (the administration's setting), and the visit's and the activation's
//! reports as PDF files.

use campo_domain::closing::{ClosingRule, SignerRelation, Strokes};
use campo_protocol::ops::ReportOf;
use campo_store::proof::OrderSignature;

use crate::context::Context;
use crate::error::AppError;

/// The customer's signature on an order, if they signed.
pub async fn order_signature(
    ctx: &Context,
    id: String,
) -> Result<Option<OrderSignature>, AppError> {
    let id = crate::parse_id(&id)?;
    Ok(ctx.store().await?.order_signature(id).await?)
}

/// Records the customer's signature on an order (works offline; it follows with the sync) and
/// returns it as kept.
pub async fn sign_order(
    ctx: &Context,
    id: String,
    signer_name: String,
    relation: SignerRelation,
    strokes: Strokes,
) -> Result<Option<OrderSignature>, AppError> {
    let id = crate::parse_id(&id)?;
    let (store, actor) = ctx.acting().await?;
    let mut w = store.writer(actor).await?;
    w.sign_order(id, &signer_name, relation, strokes, chrono::Utc::now())
        .await?;
    w.commit().await?;
    crate::kept::keep(&store, actor, id, ReportOf::Visit).await;
    ctx.nudge_sync();
    Ok(store.order_signature(id).await?)
}

/// What closing each order kind requires.
pub async fn closing_rules(ctx: &Context) -> Result<Vec<ClosingRule>, AppError> {
    Ok(ctx.store().await?.closing_rules().await?)
}

/// Sets what closing the given kinds requires; returns every kind's rule.
pub async fn set_closing_rules(
    ctx: &Context,
    rules: Vec<ClosingRule>,
) -> Result<Vec<ClosingRule>, AppError> {
    let (store, _) = ctx
        .write(async |w| w.set_closing_rules(&rules, chrono::Utc::now()).await)
        .await?;
    Ok(store.closing_rules().await?)
}

/// The visit report of an order, in `lang`: the customer, the visit (kind, plan, date,
/// technician, status moves with their reasons), the equipment left at the customer's with
/// serials and MACs, and the signature. Times in the provider's zone; nothing of the moment
/// it is made, so every device makes the same file from the same records.
pub async fn visit_report(
    store: &campo_store::Store,
    id: uuid::Uuid,
    lang: campo_domain::Lang,
) -> Result<campo_pdf::Report, AppError> {
    use campo_domain::Lang::PtBr;
    let detail = store.get_order_in(id, lang).await?;
    let equipment = store.order_equipment(id, lang).await?;
    let signature = store.order_signature(id).await?;
    let photos = report_photos(store, id, lang, zone_of(store).await?).await?;
    let profile = store.provider_profile().await?;
    let zone = store.place().await?.zone();
    let pt = lang == PtBr;
    let w = |p: &'static str, e: &'static str| if pt { p } else { e };
    let when = |at: &str| local_time(at, zone, pt);
    let o = &detail.order;
    let c = &detail.customer;
    let mut customer = vec![(w("Nome", "Name").to_owned(), c.name.clone())];
    if let Some(cpf) = &c.cpf {
        customer.push(("CPF".into(), cpf.clone()));
    }
    customer.push((
        w("Endereço", "Address").into(),
        format!(
            "{}, {}{} · {} · {}/{} · CEP {}",
            c.address.street,
            c.address.number,
            c.address
                .complement
                .as_deref()
                .map(|x| format!(" – {x}"))
                .unwrap_or_default(),
            c.address.neighbourhood,
            c.address.city,
            c.address.uf,
            c.address.cep
        ),
    ));
    if !c.phones.is_empty() {
        customer.push((w("Telefones", "Phones").into(), c.phones.join(" · ")));
    }
    let mut visit = vec![
        (
            w("Serviço", "Service").to_owned(),
            o.kind.label(lang).to_owned(),
        ),
        (
            w("Plano", "Plan").into(),
            format!("{} · {} Mbps", detail.plan.name, detail.plan.download_mbps),
        ),
        (
            w("Situação", "Status").into(),
            o.status.label(lang).to_owned(),
        ),
    ];
    if let Some(day) = &o.scheduled_date {
        let day = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").map_or_else(
            |_| day.clone(),
            |d| {
                d.format(if pt { "%d/%m/%Y" } else { "%Y-%m-%d" })
                    .to_string()
            },
        );
        let period = match (o.period, pt) {
            (Some(campo_domain::Period::Morning), true) => " · manhã",
            (Some(campo_domain::Period::Afternoon), true) => " · tarde",
            (Some(campo_domain::Period::Morning), false) => " · morning",
            (Some(campo_domain::Period::Afternoon), false) => " · afternoon",
            (None, _) => "",
        };
        visit.push((
            w("Agendada para", "Scheduled for").into(),
            format!("{day}{period}"),
        ));
    }
    if let Some(t) = &detail.technician {
        visit.push((w("Técnico", "Technician").into(), t.name.clone()));
    }
    let mut history: Vec<_> = detail.history.iter().collect();
    history.sort_by(|a, b| (&a.at, &a.id).cmp(&(&b.at, &b.id)));
    let moves = history
        .into_iter()
        .map(|e| {
            let what = e.to.label(lang);
            let reason = e
                .reason
                .as_ref()
                .map(|r| format!(" — {}", campo_domain::Localized::message(r, lang)))
                .unwrap_or_default();
            (when(&e.at), format!("{what} · {}{reason}", e.actor_name))
        })
        .collect();
    let mut lent: Vec<(String, String)> = equipment
        .at_customer
        .iter()
        .map(|u| {
            let mac = u
                .mac
                .as_deref()
                .map(|m| format!(" · MAC {m}"))
                .unwrap_or_default();
            (
                u.item_name.clone(),
                format!("{} {}{mac}", w("Série", "Serial"), u.serial),
            )
        })
        .collect();
    lent.extend(equipment.at_customer_bulk.iter().map(|b| {
        (
            b.name.clone(),
            format!("{} {}", b.quantity, b.unit.label(lang)),
        )
    }));
    if lent.is_empty() {
        lent.push((
            String::new(),
            w("Nenhum equipamento registrado", "No equipment recorded").into(),
        ));
    }
    let mut sections = vec![
        campo_pdf::Section {
            heading: w("Cliente", "Customer").into(),
            lines: customer,
        },
        campo_pdf::Section {
            heading: w("Visita", "Visit").into(),
            lines: visit,
        },
        campo_pdf::Section {
            heading: w("Equipamentos em comodato", "Equipment lent").into(),
            lines: lent,
        },
        campo_pdf::Section {
            heading: w("Histórico", "History").into(),
            lines: moves,
        },
    ];
    if let Some(notes) = detail.notes.as_deref().filter(|n| !n.trim().is_empty()) {
        sections.insert(
            2,
            campo_pdf::Section {
                heading: w("Observações", "Notes").into(),
                lines: vec![(String::new(), notes.to_owned())],
            },
        );
    }
    Ok(campo_pdf::Report {
        title: format!(
            "{} · {}",
            w("Relatório de visita", "Visit report"),
            campo_domain::order_number(o.number, lang)
        ),
        subtitle: profile.map(provider_line),
        sections,
        photos,
        signature: Some(campo_pdf::Signature {
            heading: w("Assinatura do cliente", "Customer's signature").into(),
            strokes: signature
                .as_ref()
                .map(|s| s.strokes.clone())
                .unwrap_or_default(),
            width: campo_domain::closing::SIGNATURE_WIDTH,
            height: campo_domain::closing::SIGNATURE_HEIGHT,
            caption: match &signature {
                Some(s) => vec![
                    format!("{} · {}", s.signer_name, s.relation.label(lang)),
                    format!(
                        "{} {} · {} {}",
                        w("Assinado em", "Signed on"),
                        when(&s.signed_at),
                        w("colhida por", "taken by"),
                        s.taken_by
                    ),
                ],
                None => vec![w("Sem assinatura", "Not signed").into()],
            },
        }),
        footer: w("Campo · página", "Campo · page").into(),
    })
}

async fn zone_of(store: &campo_store::Store) -> Result<chrono_tz::Tz, AppError> {
    Ok(store.place().await?.zone())
}

/// The photos of an order as the visit report shows them: each with its caption, what it
/// proves, who took it and when; a photo whose file is not on this device is named as such.
async fn report_photos(
    store: &campo_store::Store,
    id: uuid::Uuid,
    lang: campo_domain::Lang,
    zone: chrono_tz::Tz,
) -> Result<Option<campo_pdf::Photos>, AppError> {
    use campo_domain::photo::PhotoSubject;
    let list = store.order_photos(id).await?;
    if list.is_empty() {
        return Ok(None);
    }
    let pt = lang == campo_domain::Lang::PtBr;
    let mut photos = Vec::with_capacity(list.len());
    for p in list {
        let mut caption = Vec::new();
        if !p.caption.is_empty() {
            caption.push(p.caption.clone());
        }
        match &p.subject {
            Some(PhotoSubject::Equipment { serial }) => caption.push(format!(
                "{} {serial}",
                if pt {
                    "Equipamento série"
                } else {
                    "Equipment serial"
                }
            )),
            Some(PhotoSubject::Checklist { title, .. }) => {
                caption.push(format!("{}: {title}", if pt { "Teste" } else { "Test" }))
            }
            None => {}
        }
        if let Some(at) = p.location {
            caption.push(format!(
                "{}: {:.5}, {:.5}",
                if pt { "Local" } else { "Place" },
                at.lat,
                at.lon
            ));
        }
        caption.push(format!(
            "{} · {}",
            p.taken_by,
            local_time(&p.taken_at, zone, pt)
        ));
        let Some(jpeg) = store.blob(&p.hash).await? else {
            caption.insert(
                0,
                if pt {
                    "(foto ainda não baixada neste computador)"
                } else {
                    "(photo not yet downloaded to this computer)"
                }
                .into(),
            );
            photos.push(campo_pdf::Photo {
                jpeg: Vec::new(),
                width: 0,
                height: 0,
                caption,
            });
            continue;
        };
        photos.push(campo_pdf::Photo {
            jpeg,
            width: p.width,
            height: p.height,
            caption,
        });
    }
    Ok(Some(campo_pdf::Photos {
        heading: if pt { "Fotos" } else { "Photos" }.into(),
        photos,
    }))
}

/// Saves the visit report of an order as a PDF where exports go; returns its path: the
/// report kept on the order (made and kept now if a closed visit has none yet), else one made
/// now in the person's language. Photos whose files have not reached this device are fetched
/// first when the server answers.
pub async fn export_visit_report(ctx: &Context, id: String) -> Result<String, AppError> {
    let order = crate::parse_id(&id)?;
    let (store, actor) = ctx.acting().await?;
    let number = store.get_order(order).await?.order.number;
    let lang = ctx.lang();
    let name = format!(
        "campo-{}-{number:06}-{}.pdf",
        crate::named(lang, "OS", "order"),
        crate::named(lang, "relatorio", "report")
    );
    for p in store.order_photos(order).await? {
        if !p.here {
            // Offline: the report says which photo is missing.
            let _ = crate::photos::fetch(&store, &p.hash).await;
        }
    }
    let bytes = match crate::kept::exported(&store, actor, order, &ReportOf::Visit).await? {
        Some(bytes) => bytes,
        None => campo_pdf::render(&visit_report(&store, order, lang).await?),
    };
    save_bytes(ctx, &name, &bytes)
}

/// The visit report kept on an order, if one is.
pub async fn kept_report(
    ctx: &Context,
    id: String,
) -> Result<Option<campo_store::reports::KeptReport>, AppError> {
    let id = crate::parse_id(&id)?;
    Ok(ctx.store().await?.kept_report(id, &ReportOf::Visit).await?)
}

/// The activation report of an order's `service`, in `lang`: for each attempt, the
/// checklist's template and version, who started and closed it, and every test with its
/// answer, its result and who ticked it when.
pub async fn activation_report(
    store: &campo_store::Store,
    id: uuid::Uuid,
    service: &str,
    lang: campo_domain::Lang,
) -> Result<campo_pdf::Report, AppError> {
    use campo_domain::activation::{Answer, ItemKind, Outcome};
    let view = store.service_activation_of(id, service, lang).await?;
    let profile = store.provider_profile().await?;
    let zone = store.place().await?.zone();
    let pt = lang == campo_domain::Lang::PtBr;
    let w = |p: &'static str, e: &'static str| if pt { p } else { e };
    let when = |at: &str| local_time(at, zone, pt);
    let o = &view.order;
    let mut sections = vec![campo_pdf::Section {
        heading: w("Cliente", "Customer").into(),
        lines: vec![
            (w("Nome", "Name").into(), o.customer_name.clone()),
            (w("Endereço", "Address").into(), view.address.clone()),
            (w("Plano", "Plan").into(), o.plan_name.clone()),
            (w("Serviço", "Service").into(), view.service_name.clone()),
            (
                w("Técnico", "Technician").into(),
                o.technician_name.clone().unwrap_or_default(),
            ),
        ],
    }];
    for attempt in &view.attempts {
        let status = match (attempt.status.as_str(), pt) {
            ("passed", true) => "Ativada",
            ("passed", false) => "Activated",
            ("failed", true) => "Reprovada",
            ("failed", false) => "Failed",
            (_, true) => "Em andamento",
            (_, false) => "In progress",
        };
        let mut lines = vec![(
            w("Iniciada", "Started").to_owned(),
            format!(
                "{} · {}",
                when(&attempt.started_at),
                attempt.started_by.clone().unwrap_or_default()
            ),
        )];
        if let Some(closed) = &attempt.closed_at {
            lines.push((
                w("Encerrada", "Closed").into(),
                format!(
                    "{} · {}",
                    when(closed),
                    attempt.closed_by.clone().unwrap_or_default()
                ),
            ));
        }
        if let Some(reason) = &attempt.reason {
            lines.push((w("Motivo", "Reason").into(), reason.clone()));
        }
        for item in attempt.items.iter().filter(|i| i.applies) {
            let (label, value) = match &item.current {
                None => (w("Pendente", "Pending"), format!("{}: —", item.item.title)),
                Some(tick) => {
                    // As the checklist shows it: the value recorded, not only the result.
                    let answer = match &tick.answer {
                        Answer::Checked(true) => w("Feito", "Done").to_owned(),
                        Answer::Checked(false) => "—".to_owned(),
                        Answer::Passed(true) => w("Passou", "Passed").to_owned(),
                        Answer::Passed(false) => w("Falhou", "Failed").to_owned(),
                        Answer::Value(v) => {
                            let n = if pt {
                                format!("{v}").replace('.', ",")
                            } else {
                                format!("{v}")
                            };
                            match &item.item.kind {
                                ItemKind::Measured { unit, .. } => format!("{n} {unit}"),
                                _ => n,
                            }
                        }
                        Answer::Text(t) => t.clone(),
                    };
                    let note = tick
                        .note
                        .as_deref()
                        .map(|n| format!(" · {n}"))
                        .unwrap_or_default();
                    (
                        match tick.outcome {
                            Outcome::Pass => w("Aprovado", "Passed"),
                            Outcome::Fail => w("Reprovado", "Failed"),
                        },
                        format!(
                            "{}: {answer} · {} {}{note}",
                            item.item.title,
                            tick.by.clone().unwrap_or_default(),
                            when(&tick.at)
                        ),
                    )
                }
            };
            lines.push((label.to_owned(), value));
        }
        sections.push(campo_pdf::Section {
            heading: format!(
                "{} {} · {status} · {}",
                w("Tentativa", "Attempt"),
                attempt.attempt,
                attempt.template
            ),
            lines,
        });
    }
    Ok(campo_pdf::Report {
        title: format!(
            "{} · {}",
            w("Relatório de ativação", "Activation report"),
            campo_domain::order_number(o.number, lang)
        ),
        subtitle: profile.map(provider_line),
        sections,
        photos: None,
        signature: None,
        footer: w("Campo · página", "Campo · page").into(),
    })
}

/// Saves the activation report of an order's service as a PDF where exports go; returns its
/// path.
pub async fn export_activation_report(
    ctx: &Context,
    id: String,
    service: String,
) -> Result<String, AppError> {
    let order = crate::parse_id(&id)?;
    // Read once: the file's name and its words are in the same language.
    let lang = ctx.lang();
    let (store, actor) = ctx.acting().await?;
    let report_of = ReportOf::Activation {
        service: service.clone(),
    };
    let bytes = match crate::kept::exported(&store, actor, order, &report_of).await? {
        Some(bytes) => bytes,
        None => campo_pdf::render(&activation_report(&store, order, &service, lang).await?),
    };
    let number = store.get_order(order).await?.order.number;
    let stem = format!(
        "campo-{}-{number:06}-{}",
        crate::named(lang, "OS", "order"),
        crate::named(lang, "ativacao", "activation")
    );
    let name = if service == campo_domain::activation::IPTV {
        format!("{stem}.pdf")
    } else {
        let slug: String = service
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        format!("{stem}-{slug}.pdf")
    };
    save_bytes(ctx, &name, &bytes)
}

/// An instant (RFC 3339) as the provider's clock reads it.
fn local_time(at: &str, zone: chrono_tz::Tz, pt: bool) -> String {
    chrono::DateTime::parse_from_rfc3339(at).map_or_else(
        |_| at.to_owned(),
        |t| {
            t.with_timezone(&zone)
                .format(if pt {
                    "%d/%m/%Y %H:%M"
                } else {
                    "%Y-%m-%d %H:%M"
                })
                .to_string()
        },
    )
}

/// The provider's name and CNPJ, under a report's title.
fn provider_line(p: campo_domain::provider::ProviderProfile) -> String {
    match campo_domain::provider::cnpj(&p.cnpj) {
        Some(cnpj) => format!("{} · CNPJ {cnpj}", p.name),
        None => p.name,
    }
}

/// Writes `bytes` as `name` where exports go; its path.
fn save_bytes(ctx: &Context, name: &str, bytes: &[u8]) -> Result<String, AppError> {
    let path = ctx.export_dir().join(name);
    std::fs::write(&path, bytes).map_err(|source| AppError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path.display().to_string())
}
