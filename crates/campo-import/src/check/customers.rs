//! A customers file's row checked into a customer: the person, their address (the
//! municipality served, as IBGE writes it) and where it is on the map.

use std::collections::HashMap;

use campo_domain::{Cep, Cpf, CustomerDraft, Email, NewAddress, Phone, Uf, municipality};
use chrono::NaiveDate;

use super::{Cells, CustomerRecord, Known};
use crate::fields::Field;
use crate::problem::{Problem, ProblemKind};
use crate::values::{self, Unreadable};

pub(super) fn customer(
    c: &mut Cells<'_>,
    known: &Known,
    seen_cpfs: &mut HashMap<String, usize>,
) -> Option<CustomerRecord> {
    let name = c.required(Field::Name);
    let cpf = c.text(Field::Cpf).and_then(|v| {
        let v = values::padded(&v, 11);
        c.parsed(Field::Cpf, v, Cpf::parse)
    });
    if let Some(cpf) = &cpf {
        let digits = cpf.digits().to_owned();
        if let Some(&first_line) = seen_cpfs.get(&digits) {
            c.problem(
                Field::Cpf,
                ProblemKind::Duplicate {
                    field: Field::Cpf,
                    first_line,
                },
            );
        } else {
            seen_cpfs.insert(digits, c.row.line);
        }
    }
    let email = c
        .text(Field::Email)
        .and_then(|v| c.parsed(Field::Email, v, Email::parse));
    let mother_name = c.text(Field::MotherName);
    let birth_date = c.date(Field::BirthDate).map(|d| d.date());
    let phone1 = {
        let v = c.required(Field::Phone1);
        (!v.is_empty())
            .then(|| c.parsed(Field::Phone1, v, Phone::parse))
            .flatten()
    };
    let phone2 = c
        .text(Field::Phone2)
        .and_then(|v| c.parsed(Field::Phone2, v, Phone::parse));
    let cep = {
        let v = c.required(Field::Cep);
        (!v.is_empty())
            .then(|| c.parsed(Field::Cep, values::padded(&v, 8), Cep::parse))
            .flatten()
    };
    let street = c.required(Field::Street);
    let number = c.required(Field::Number);
    let complement = c.text(Field::Complement);
    let neighbourhood = c.required(Field::Neighbourhood);
    let city_cell = c.required(Field::City);
    let uf = {
        let v = c.required(Field::Uf);
        (!v.is_empty())
            .then(|| c.parsed(Field::Uf, v, Uf::parse))
            .flatten()
    };
    let reference = c.text(Field::Reference);
    let city = match uf {
        Some(uf) if !city_cell.is_empty() => town(c, &city_cell, uf, known),
        _ => None,
    };
    let coords = coordinates(c);
    let (phone1, cep, uf, city, place) = (phone1?, cep?, uf?, city?, coords.ok()?);
    let draft = CustomerDraft {
        name,
        cpf: cpf.map(|c| c.digits().to_owned()),
        email: email.map(|e| e.as_str().to_owned()),
        mother_name,
        birth_date: birth_date.map(|d: NaiveDate| d.to_string()),
        phone1: phone1.digits().to_owned(),
        phone2: phone2.map(|p| p.digits().to_owned()),
        address: NewAddress {
            cep: cep.digits().to_owned(),
            street,
            number,
            complement: complement.unwrap_or_default(),
            neighbourhood,
            city,
            uf: uf.as_str().to_owned(),
            reference: reference.unwrap_or_default(),
            lat: place.map(|p| p.0),
            lon: place.map(|p| p.1),
        },
    };
    if let Err(why) = draft.validate() {
        c.problems.push(Problem {
            line: c.row.line,
            column: None,
            letter: None,
            kind: ProblemKind::Invalid {
                field: Field::Name,
                value: draft.name.clone(),
                why,
            },
        });
        return None;
    }
    let external_id = c.text(Field::ExternalId);
    Some(CustomerRecord {
        line: c.row.line,
        external_id,
        draft,
    })
}

/// The municipality's name as IBGE writes it; the cell may hold its name or its IBGE code.
fn town(c: &mut Cells<'_>, cell: &str, uf: Uf, known: &Known) -> Option<String> {
    let found = match cell.parse::<u32>() {
        Ok(code) => municipality::by_code(code).filter(|m| m.uf == uf),
        Err(_) => municipality::find(cell, uf.as_str()),
    };
    let Some(m) = found else {
        c.problem(
            Field::City,
            ProblemKind::UnknownMunicipality {
                city: cell.to_owned(),
                uf: uf.as_str().to_owned(),
            },
        );
        return None;
    };
    if !known.served.is_empty() && !known.served.contains(&m.ibge) {
        c.problem(
            Field::City,
            ProblemKind::NotServed {
                city: m.name.to_owned(),
                uf: uf.as_str().to_owned(),
            },
        );
        return None;
    }
    Some(m.name.to_owned())
}

/// Latitude and longitude, both in range, or neither (the customer is placed on the map
/// later); `Err` when the cells are wrong (the problem is reported).
fn coordinates(c: &mut Cells<'_>) -> Result<Option<(f64, f64)>, Unreadable> {
    let (lat, lon) = (c.get(Field::Lat).to_owned(), c.get(Field::Lon).to_owned());
    match (lat.trim().is_empty(), lon.trim().is_empty()) {
        (true, true) => return Ok(None),
        (false, false) => {}
        _ => {
            c.problem(Field::Lat, ProblemKind::Coordinates);
            return Err(Unreadable);
        }
    }
    match (values::decimal(&lat), values::decimal(&lon)) {
        (Ok(a), Ok(o)) if (-90.0..=90.0).contains(&a) && (-180.0..=180.0).contains(&o) => {
            Ok(Some((a, o)))
        }
        (Ok(_), Ok(_)) => {
            c.problem(Field::Lat, ProblemKind::Coordinates);
            Err(Unreadable)
        }
        (Err(Unreadable), _) => {
            c.problem(
                Field::Lat,
                ProblemKind::Number {
                    field: Field::Lat,
                    value: lat,
                },
            );
            Err(Unreadable)
        }
        (_, Err(Unreadable)) => {
            c.problem(
                Field::Lon,
                ProblemKind::Number {
                    field: Field::Lon,
                    value: lon,
                },
            );
            Err(Unreadable)
        }
    }
}
