//! The ledger as a whole: discrepancies, the check that balances and units agree with the
//! ledger, and CSV exports.

use campo_domain::Lang;
use sqlx::Row;
use uuid::Uuid;

use crate::sheet::Sheet;
use crate::stock::LATEST_IN_SERVER_ORDER;
use crate::{Store, StoreError};

use super::*;

impl Store {
    /// Discrepancies, open ones first, newest first.
    pub async fn discrepancies(
        &self,
        include_resolved: bool,
        lang: Lang,
    ) -> Result<Vec<DiscrepancyView>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT d.id, d.kind, d.serial, d.detail, d.created_at, d.resolved_at, d.resolution, i.name AS item_name, i.unit, p.name AS place_name, p.kind AS place_kind
             FROM stock_discrepancies d JOIN stock_items i ON i.id = d.item_id JOIN stock_places p ON p.id = d.place_id
             {} ORDER BY d.resolved_at IS NOT NULL, d.created_at DESC LIMIT 1000",
            if include_resolved { "" } else { "WHERE d.resolved_at IS NULL" }
        ))
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let kind: String = r.try_get("kind")?;
            let detail: String = r.try_get("detail")?;
            let detail: serde_json::Value = serde_json::from_str(&detail)?;
            let serial: Option<String> = r.try_get("serial")?;
            let item: String = r.try_get("item_name")?;
            let place = place_kind_of(r.try_get("place_kind")?)?
                .place_name(&r.try_get::<String, _>("place_name")?, lang);
            let unit = unit_of(r.try_get("unit")?)?.label(lang);
            let what = serial.clone().unwrap_or_else(|| item.clone());
            let other = |key: &str| -> Option<Uuid> {
                detail
                    .get(key)
                    .and_then(|v| v.as_str())
                    .and_then(|s| Uuid::parse_str(s).ok())
            };
            let message = match kind.as_str() {
                "serial_elsewhere" => {
                    let expected = match other("expected") {
                        Some(id) => self.place_name(id, lang).await?,
                        None => "?".to_owned(),
                    };
                    let actual = match other("actual") {
                        Some(id) => Some(self.place_name(id, lang).await?),
                        None => None,
                    };
                    match (lang, actual) {
                        (Lang::PtBr, Some(a)) => format!(
                            "{what} foi movido de {expected} para {place}, mas estava em {a}"
                        ),
                        (Lang::PtBr, None) => format!(
                            "{what} foi movido de {expected} para {place}, mas não estava cadastrado"
                        ),
                        (Lang::En, Some(a)) => format!(
                            "{what} was moved from {expected} to {place}, but it was at {a}"
                        ),
                        (Lang::En, None) => format!(
                            "{what} was moved from {expected} to {place}, but it was not registered"
                        ),
                    }
                }
                "negative_balance" => {
                    let balance = detail
                        .get("balance")
                        .and_then(serde_json::Value::as_i64)
                        .unwrap_or(0);
                    match lang {
                        Lang::PtBr => {
                            format!("Saldo negativo de {item} em {place}: {balance} {unit}")
                        }
                        Lang::En => {
                            format!("Negative balance of {item} at {place}: {balance} {unit}")
                        }
                    }
                }
                _ => {
                    let q = detail
                        .get("quantity")
                        .and_then(serde_json::Value::as_i64)
                        .unwrap_or(0);
                    let missing =
                        detail.get("direction").and_then(|v| v.as_str()) == Some("missing");
                    match (lang, missing, serial.is_some()) {
                        (Lang::PtBr, true, true) => {
                            format!("Contagem: {what} não encontrado em {place}")
                        }
                        (Lang::PtBr, false, true) => format!(
                            "Contagem: {what} encontrado em {place}, registrado em outro lugar"
                        ),
                        (Lang::PtBr, true, false) => {
                            format!("Contagem: faltam {q} {unit} de {item} em {place}")
                        }
                        (Lang::PtBr, false, false) => {
                            format!("Contagem: sobram {q} {unit} de {item} em {place}")
                        }
                        (Lang::En, true, true) => format!("Count: {what} not found at {place}"),
                        (Lang::En, false, true) => {
                            format!("Count: {what} found at {place}, recorded elsewhere")
                        }
                        (Lang::En, true, false) => {
                            format!("Count: {q} {unit} of {item} missing at {place}")
                        }
                        (Lang::En, false, false) => {
                            format!("Count: {q} {unit} of {item} in excess at {place}")
                        }
                    }
                }
            };
            out.push(DiscrepancyView {
                id: r.try_get("id")?,
                kind,
                message,
                item_name: item,
                serial,
                place_name: place,
                created_at: r.try_get("created_at")?,
                resolved_at: r.try_get("resolved_at")?,
                resolution: r.try_get("resolution")?,
            });
        }
        Ok(out)
    }

    pub(super) async fn place_name(&self, id: Uuid, lang: Lang) -> Result<String, StoreError> {
        let mut c = self.pool().acquire().await?;
        match crate::stock::resolve_place(&mut c, id).await {
            Ok(p) => Ok(PlaceKind::from_code(&p.kind)
                .map_or(p.name.clone(), |kind| kind.place_name(&p.name, lang))),
            Err(StoreError::NotFound(_)) => Ok(id.to_string()),
            Err(e) => Err(e),
        }
    }

    /// Recomputes balances and each unit's place from the ledger alone (a unit is where its
    /// latest movement in the server's order left it) and lists every disagreement with the
    /// stored projections (empty when they agree).
    pub async fn verify_stock(&self) -> Result<Vec<String>, StoreError> {
        let mut problems = Vec::new();
        let rows = sqlx::query(
            "WITH ledger AS (
                 SELECT place, item, SUM(q) AS q FROM (
                     SELECT to_place AS place, item_id AS item, quantity AS q FROM stock_movements
                     UNION ALL SELECT from_place, item_id, -quantity FROM stock_movements)
                 GROUP BY place, item)
             SELECT COALESCE(l.place, b.place_id) AS place, COALESCE(l.item, b.item_id) AS item, COALESCE(l.q, 0) AS ledger, COALESCE(b.quantity, 0) AS stored
             FROM ledger l FULL OUTER JOIN stock_balances b ON b.place_id = l.place AND b.item_id = l.item
             WHERE COALESCE(l.q, 0) <> COALESCE(b.quantity, 0)",
        )
        .fetch_all(self.pool())
        .await?;
        for r in rows {
            let place: String = r.try_get("place")?;
            let item: String = r.try_get("item")?;
            let ledger: i64 = r.try_get("ledger")?;
            let stored: i64 = r.try_get("stored")?;
            problems.push(format!(
                "balance of {item} at {place}: ledger {ledger}, stored {stored}"
            ));
        }
        let rows = sqlx::query(&format!(
            "SELECT serial, place_id, last FROM (
                 SELECT u.serial, u.place_id,
                        (SELECT m.to_place FROM stock_movements m LEFT JOIN stock_remote_lines r ON r.movement_id = m.id
                         WHERE m.serial = u.serial {LATEST_IN_SERVER_ORDER} LIMIT 1) AS last
                 FROM stock_units u)
             WHERE place_id IS NOT last"
        ))
        .fetch_all(self.pool())
        .await?;
        for r in rows {
            let serial: String = r.try_get("serial")?;
            let place: String = r.try_get("place_id")?;
            let last: Option<String> = r.try_get("last")?;
            problems.push(format!(
                "unit {serial} at {place}, ledger says {}",
                last.as_deref().unwrap_or("nowhere")
            ));
        }
        Ok(problems)
    }

    /// Balances of every physical place as CSV (`;`-separated, as spreadsheets in Brazil open
    /// it), in the person's language.
    pub async fn export_balances_csv(&self, lang: Lang) -> Result<String, StoreError> {
        let rows = sqlx::query(
            "SELECT p.name AS place, p.kind, i.sku, i.name, i.unit, b.quantity FROM stock_balances b
             JOIN stock_places p ON p.id = b.place_id JOIN stock_items i ON i.id = b.item_id
             WHERE b.quantity <> 0 AND p.kind IN ('warehouse','van','customer','defective')
             ORDER BY p.kind, p.name, i.name",
        )
        .fetch_all(self.pool())
        .await?;
        let mut sheet = Sheet::new(match lang {
            Lang::PtBr => "local;tipo;sku;item;unidade;saldo",
            Lang::En => "place;kind;sku;item;unit;balance",
        });
        for r in rows {
            let text = |column| r.try_get::<String, _>(column);
            let kind = place_kind_of(&text("kind")?)?;
            sheet.row(&[
                &kind.place_name(&text("place")?, lang),
                &kind.label(lang),
                &text("sku")?,
                &text("name")?,
                &unit_of(&text("unit")?)?.label(lang),
                &r.try_get::<i64, _>("quantity")?,
            ]);
        }
        Ok(sheet.text())
    }

    /// Every movement as CSV, oldest first, in the person's language: when it happened in the
    /// provider's time (`dd/mm/aaaa hh:mm` in Portuguese), its kind and unit in words.
    pub async fn export_movements_csv(&self, lang: Lang) -> Result<String, StoreError> {
        let zone = self.place().await?.zone();
        let rows = sqlx::query(&format!("SELECT {MOVEMENT_COLUMNS} ORDER BY m.seq"))
            .fetch_all(self.pool())
            .await?;
        let mut sheet = Sheet::new(match lang {
            Lang::PtBr => "data;tipo;item;serial;quantidade;unidade;de;para;responsável;os;motivo",
            Lang::En => "date;kind;item;serial;quantity;unit;from;to;by;order;reason",
        });
        let format = match lang {
            Lang::PtBr => "%d/%m/%Y %H:%M",
            Lang::En => "%Y-%m-%d %H:%M",
        };
        for r in rows {
            let m = movement_from(&r, lang)?;
            let at = chrono::DateTime::parse_from_rfc3339(&m.at).map_or(m.at.clone(), |at| {
                at.with_timezone(&zone).format(format).to_string()
            });
            sheet.row(&[
                &at,
                &m.kind.label(lang),
                &m.item_name,
                &m.serial.unwrap_or_default(),
                &m.quantity,
                &m.unit.label(lang),
                &m.from_name,
                &m.to_name,
                &m.actor_name.unwrap_or_default(),
                &m.order_number.map(|n| n.to_string()).unwrap_or_default(),
                &m.reason.unwrap_or_default(),
            ]);
        }
        Ok(sheet.text())
    }
}
