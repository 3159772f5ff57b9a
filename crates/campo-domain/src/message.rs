//! Keeping the customer informed (seed 003): at scheduling, rescheduling, "técnico a caminho"
//! and completion, a message in pt-BR (the customer's language, whatever the app's) with the
//! date, the period and the order's number, ready to send by WhatsApp or to copy.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::order::{OrderKind, Period};

/// When the customer is told something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Moment {
    /// The visit got its first date.
    Scheduled,
    /// The visit moved to another date or period.
    Rescheduled,
    /// The technician set out.
    EnRoute,
    /// The visit was done.
    Done,
}

impl Moment {
    /// Every moment.
    pub const ALL: [Moment; 4] = [
        Moment::Scheduled,
        Moment::Rescheduled,
        Moment::EnRoute,
        Moment::Done,
    ];

    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Moment::Scheduled => "scheduled",
            Moment::Rescheduled => "rescheduled",
            Moment::EnRoute => "en_route",
            Moment::Done => "done",
        }
    }

    /// From its code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }
}

/// What a message says.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts<'a> {
    /// The customer's full name (the message greets the first).
    pub customer: &'a str,
    /// The order's kind.
    pub kind: OrderKind,
    /// Its number.
    pub number: i64,
    /// The visit's day.
    pub date: Option<NaiveDate>,
    /// Its period, with its hours (minutes of the day).
    pub period: Option<(Period, (u32, u32))>,
    /// The technician's name.
    pub technician: Option<&'a str>,
    /// The provider's name, as it signs.
    pub provider: &'a str,
}

fn visit(kind: OrderKind) -> &'static str {
    match kind {
        OrderKind::Installation => "instalação",
        OrderKind::Repair => "visita técnica",
        OrderKind::Removal => "retirada de equipamentos",
        OrderKind::AddressChange => "mudança de endereço",
        OrderKind::PlanChange => "mudança de plano",
        OrderKind::SvaActivation => "ativação do serviço",
    }
}

fn hours((start, end): (u32, u32)) -> String {
    let h = |m: u32| {
        if m.is_multiple_of(60) {
            format!("{}h", m / 60)
        } else {
            format!("{}h{:02}", m / 60, m % 60)
        }
    };
    format!("{} às {}", h(start), h(end))
}

/// The message for `moment`, in pt-BR.
pub fn text(moment: Moment, f: &Facts<'_>) -> String {
    let first = f.customer.split_whitespace().next().unwrap_or(f.customer);
    let os = format!("OS {:06}", f.number);
    let when = match (f.date, f.period) {
        (Some(d), Some((p, h))) => format!(
            "{} no período da {} ({})",
            d.format("%d/%m/%Y"),
            match p {
                Period::Morning => "manhã",
                Period::Afternoon => "tarde",
            },
            hours(h)
        ),
        (Some(d), None) => d.format("%d/%m/%Y").to_string(),
        _ => String::new(),
    };
    let by = f
        .technician
        .map(|t| format!(" Quem vai atender você é {t}, da nossa equipe técnica."))
        .unwrap_or_default();
    let body = match moment {
        Moment::Scheduled => format!(
            "Olá, {first}! Sua {} ({os}) está agendada para {when}.{by} Se precisar remarcar, é só responder esta mensagem.",
            visit(f.kind)
        ),
        Moment::Rescheduled => format!(
            "Olá, {first}! Sua {} ({os}) foi reagendada para {when}.{by} Se precisar remarcar, é só responder esta mensagem.",
            visit(f.kind)
        ),
        Moment::EnRoute => format!(
            "Olá, {first}! {} está a caminho para a sua {} ({os}). Por favor, deixe alguém maior de idade no local.",
            f.technician
                .map_or("Nossa equipe técnica".to_owned(), |t| format!(
                    "{t}, da nossa equipe técnica,"
                )),
            visit(f.kind)
        ),
        Moment::Done => format!(
            "Olá, {first}! Sua {} ({os}) foi concluída{}. Obrigado! Qualquer dúvida, fale com a gente por aqui.",
            visit(f.kind),
            f.date
                .map(|d| format!(" em {}", d.format("%d/%m/%Y")))
                .unwrap_or_default()
        ),
    };
    format!("{body}\n{}", f.provider)
}

/// A WhatsApp link that opens a chat with `phone` (Brazilian digits, DDD first) and `text`
/// typed in.
pub fn whatsapp_link(phone: &str, text: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let mut encoded = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                encoded.push(char::from(b));
            }
            _ => encoded.push_str(&format!("%{b:02X}")),
        }
    }
    format!("https://wa.me/55{digits}?text={encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> Facts<'static> {
        Facts {
            customer: "Maria das Graças Silva",
            kind: OrderKind::Installation,
            number: 123,
            date: NaiveDate::from_ymd_opt(2026, 12, 3),
            period: Some((Period::Afternoon, (13 * 60, 18 * 60))),
            technician: Some("Josué Lins"),
            provider: "Conecta Recife",
        }
    }

    #[test]
    fn each_moment_says_the_date_period_and_order() {
        let scheduled = text(Moment::Scheduled, &facts());
        assert_eq!(
            scheduled,
            "Olá, Maria! Sua instalação (OS 000123) está agendada para 03/12/2026 no período da tarde (13h às 18h). Quem vai atender você é Josué Lins, da nossa equipe técnica. Se precisar remarcar, é só responder esta mensagem.\nConecta Recife"
        );
        assert!(text(Moment::Rescheduled, &facts()).contains("foi reagendada para 03/12/2026"));
        assert!(
            text(Moment::EnRoute, &facts())
                .contains("Josué Lins, da nossa equipe técnica, está a caminho")
        );
        assert!(text(Moment::Done, &facts()).contains("foi concluída em 03/12/2026"));
    }

    #[test]
    fn the_link_opens_a_chat_with_the_text_typed_in() {
        let link = whatsapp_link("(81) 99876-5432", "Olá, Maria! OS 000123");
        assert_eq!(
            link,
            "https://wa.me/5581998765432?text=Ol%C3%A1%2C%20Maria%21%20OS%20000123"
        );
    }
}
