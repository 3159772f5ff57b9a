//! Technicians' skills and what each visit needs: splicing fibre (fusão) for the visits that
//! run a new drop to the customer, configuring IPTV for premium plans' installations. The
//! route planner only gives a visit to a technician who has every skill it needs.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Lang;
use crate::order::OrderKind;

/// A skill a visit may need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Skill {
    /// Fusão de fibra: splicing the drop cable at the splitter box.
    Fusao,
    /// IPTV: installing and configuring the set-top box and the TV service.
    Iptv,
}

impl Skill {
    /// Every skill, in display order.
    pub const ALL: [Skill; 2] = [Skill::Fusao, Skill::Iptv];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Skill::Fusao => "fusao",
            Skill::Iptv => "iptv",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        Skill::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The skill's name as people read it.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Skill::Fusao, Lang::PtBr) => "Fusão de fibra",
            (Skill::Fusao, Lang::En) => "Fibre splicing",
            (Skill::Iptv, Lang::PtBr) => "IPTV",
            (Skill::Iptv, Lang::En) => "IPTV",
        }
    }
}

/// The skills a visit needs: installations and address changes run a new drop (fusão);
/// an installation of a plan with IPTV also configures the TV service, as does a plan change
/// or an SVA activation to such a plan. Repairs and removals need none (the repair team
/// carries its own splicer when a visit finds a broken fibre).
pub fn required(kind: OrderKind, has_iptv: bool) -> Vec<Skill> {
    match kind {
        OrderKind::Installation if has_iptv => vec![Skill::Fusao, Skill::Iptv],
        OrderKind::Installation | OrderKind::AddressChange => vec![Skill::Fusao],
        OrderKind::PlanChange | OrderKind::SvaActivation if has_iptv => vec![Skill::Iptv],
        OrderKind::Repair
        | OrderKind::Removal
        | OrderKind::PlanChange
        | OrderKind::SvaActivation => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installations_need_splicing_and_iptv_plans_need_iptv() {
        assert_eq!(
            required(OrderKind::Installation, true),
            vec![Skill::Fusao, Skill::Iptv]
        );
        assert_eq!(required(OrderKind::Installation, false), vec![Skill::Fusao]);
        assert_eq!(required(OrderKind::AddressChange, true), vec![Skill::Fusao]);
        assert!(required(OrderKind::Repair, true).is_empty());
        assert!(required(OrderKind::Removal, false).is_empty());
    }

    #[test]
    fn codes_round_trip() {
        for s in Skill::ALL {
            assert_eq!(Skill::from_code(s.code()), Some(s));
        }
        assert_eq!(Skill::from_code("solda"), None);
    }
}
