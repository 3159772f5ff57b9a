//! Errors and reasons, each with a user-facing message in Portuguese (Brazil) and in English.

use thiserror::Error;

use crate::matrix::MatrixError;

/// Something wrong in the input about one stop or one technician.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum InputError {
    /// The stop has no coordinates.
    #[error("stop {stop}: no coordinates")]
    MissingCoordinates {
        /// Stop id.
        stop: String,
    },
    /// The stop's coordinates are outside Brazil (or not numbers).
    #[error("stop {stop}: coordinates {lat}, {lon} are outside Brazil")]
    OutsideBrazil {
        /// Stop id.
        stop: String,
        /// Latitude given.
        lat: f64,
        /// Longitude given.
        lon: f64,
    },
    /// A window ends before it starts.
    #[error("stop {stop}: a time window ends before it starts")]
    WindowEndsBeforeStart {
        /// Stop id.
        stop: String,
    },
    /// Negative service time or demand.
    #[error("stop {stop}: negative service time or load")]
    Negative {
        /// Stop id.
        stop: String,
    },
    /// The same stop id appears twice.
    #[error("stop {stop} appears more than once")]
    DuplicateStop {
        /// Stop id.
        stop: String,
    },
    /// The technician has no shift.
    #[error("technician {technician}: no shift")]
    NoShift {
        /// Technician id.
        technician: String,
    },
    /// The shift ends before it starts.
    #[error("technician {technician}: the shift ends before it starts")]
    ShiftEndsBeforeStart {
        /// Technician id.
        technician: String,
    },
    /// No (valid) start place.
    #[error("technician {technician}: no start place in Brazil")]
    NoStartPlace {
        /// Technician id.
        technician: String,
    },
    /// The break does not fit in the shift or ends before it starts.
    #[error("technician {technician}: the break does not fit in the shift")]
    BreakOutsideShift {
        /// Technician id.
        technician: String,
    },
    /// A locked stop is unknown, invalid, or locked twice.
    #[error("technician {technician}: locked stop {stop} is unknown, invalid or locked twice")]
    BadLockedStop {
        /// Technician id.
        technician: String,
        /// Stop id.
        stop: String,
    },
    /// The technician id appears twice.
    #[error("technician {technician} appears more than once")]
    DuplicateTechnician {
        /// Technician id.
        technician: String,
    },
}

impl InputError {
    /// Message for the user, in Portuguese (Brazil).
    pub fn message_pt(&self) -> String {
        match self {
            InputError::MissingCoordinates { stop } => format!("Parada {stop}: sem coordenadas."),
            InputError::OutsideBrazil { stop, lat, lon } => {
                format!("Parada {stop}: as coordenadas {lat}, {lon} estão fora do Brasil.")
            }
            InputError::WindowEndsBeforeStart { stop } => {
                format!("Parada {stop}: uma janela de horário termina antes de começar.")
            }
            InputError::Negative { stop } => {
                format!("Parada {stop}: tempo de atendimento ou carga negativos.")
            }
            InputError::DuplicateStop { stop } => format!("Parada {stop} aparece mais de uma vez."),
            InputError::NoShift { technician } => format!("Técnico {technician}: sem turno."),
            InputError::ShiftEndsBeforeStart { technician } => {
                format!("Técnico {technician}: o turno termina antes de começar.")
            }
            InputError::NoStartPlace { technician } => {
                format!("Técnico {technician}: sem local de partida válido no Brasil.")
            }
            InputError::BreakOutsideShift { technician } => {
                format!("Técnico {technician}: o intervalo não cabe no turno.")
            }
            InputError::BadLockedStop { technician, stop } => format!(
                "Técnico {technician}: a parada fixada {stop} não existe, é inválida ou foi fixada duas vezes."
            ),
            InputError::DuplicateTechnician { technician } => {
                format!("Técnico {technician} aparece mais de uma vez.")
            }
        }
    }

    /// Message for the user, in English.
    pub fn message_en(&self) -> String {
        let mut s = self.to_string();
        if let Some(first) = s.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        s.push('.');
        s
    }
}

/// Why a stop is not in any route.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum Reason {
    /// The stop's data is invalid.
    #[error("{0}")]
    Invalid(InputError),
    /// No technician has every skill the stop needs.
    #[error("no technician has the skills this stop needs")]
    NoSkilledTechnician,
    /// It is reserved for a technician who is not in the day's plan.
    #[error("it is reserved for a technician who is not being planned")]
    TechnicianUnavailable,
    /// No technician can reach it inside its window(s) and be back by the end of the shift.
    #[error("its time window cannot be met by any technician")]
    WindowImpossible,
    /// Its load exceeds every skilled technician's capacity.
    #[error("its load exceeds every technician's capacity")]
    OverCapacity,
    /// It could be served alone but did not fit in the day with the other stops.
    #[error("it did not fit in the day (other stops served first)")]
    DidNotFit,
}

impl Reason {
    /// Message for the user, in Portuguese (Brazil).
    pub fn message_pt(&self) -> String {
        match self {
            Reason::Invalid(e) => e.message_pt(),
            Reason::NoSkilledTechnician => {
                "Nenhum técnico tem as habilidades que esta parada exige.".into()
            }
            Reason::TechnicianUnavailable => {
                "Reservada para um técnico que não está neste planejamento.".into()
            }
            Reason::WindowImpossible => {
                "Nenhum técnico consegue chegar dentro da janela de horário desta parada.".into()
            }
            Reason::OverCapacity => "A carga excede a capacidade de todos os técnicos.".into(),
            Reason::DidNotFit => {
                "Não coube no dia (outras paradas foram atendidas primeiro).".into()
            }
        }
    }

    /// Message for the user, in English.
    pub fn message_en(&self) -> String {
        match self {
            Reason::Invalid(e) => e.message_en(),
            other => {
                let s = other.to_string();
                let mut c = s.chars();
                c.next().map_or(String::new(), |f| {
                    f.to_uppercase().chain(c).collect::<String>() + "."
                })
            }
        }
    }
}

/// A failure that prevents planning at all.
#[derive(Debug, Error)]
pub enum PlanError {
    /// The travel matrix could not be built.
    #[error("travel matrix: {0}")]
    Matrix(#[from] MatrixError),
    /// More than 64 distinct skills.
    #[error("more than 64 distinct skills")]
    TooManySkills,
    /// A manual route names an unknown technician.
    #[error("unknown technician {0}")]
    UnknownTechnician(String),
}

impl PlanError {
    /// Message for the user, in Portuguese (Brazil).
    pub fn message_pt(&self) -> String {
        match self {
            PlanError::Matrix(e) => format!("Não foi possível calcular as distâncias: {e}."),
            PlanError::TooManySkills => "Mais de 64 habilidades diferentes.".into(),
            PlanError::UnknownTechnician(t) => format!("Técnico desconhecido: {t}."),
        }
    }

    /// Message for the user, in English.
    pub fn message_en(&self) -> String {
        match self {
            PlanError::Matrix(e) => format!("Could not compute travel times: {e}."),
            PlanError::TooManySkills => "More than 64 distinct skills.".into(),
            PlanError::UnknownTechnician(t) => format!("Unknown technician: {t}."),
        }
    }
}
