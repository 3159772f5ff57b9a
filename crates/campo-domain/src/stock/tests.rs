//! Unit tests of `stock`.

use super::*;
use proptest::prelude::*;

#[test]
fn serials_are_normalised_and_bad_ones_named() {
    assert_eq!(parse_serial("  hwtc1a2b3c4d ").unwrap(), "HWTC1A2B3C4D");
    assert_eq!(
        parse_serial("AB").unwrap_err().to_string(),
        "Serial inválido: “AB” (use letras, números e hífen, de 4 a 40 caracteres)"
    );
    assert!(parse_serial("HWTC 1234").is_err());
    assert!(parse_serial("HWTC;1234").is_err());
}

#[test]
fn macs_in_any_usual_notation() {
    for raw in [
        "001a2b3c4d5e",
        "00-1A-2B-3C-4D-5E",
        "001A.2B3C.4D5E",
        "00:1a:2b:3c:4d:5e",
    ] {
        assert_eq!(parse_mac(raw).unwrap(), "00:1A:2B:3C:4D:5E", "{raw}");
    }
    assert!(parse_mac("00:1A:2B:3C:4D").is_err());
    assert!(parse_mac("00:1A:2B:3C:4D:5G").is_err());
}

#[test]
fn quantities_zero_negative_absurd_or_fractional_are_refused() {
    assert_eq!(parse_quantity("35").unwrap(), 35);
    assert_eq!(parse_quantity("1.000").unwrap(), 1000);
    assert_eq!(
        parse_quantity("0").unwrap_err(),
        StockError::QuantityNotPositive
    );
    assert_eq!(
        parse_quantity("-3").unwrap_err(),
        StockError::QuantityNotPositive
    );
    assert_eq!(
        parse_quantity("1000000").unwrap_err(),
        StockError::QuantityTooLarge(1_000_000)
    );
    assert!(matches!(
        parse_quantity("12,5").unwrap_err(),
        StockError::QuantityFormat(_)
    ));
    assert!(matches!(
        parse_quantity("doze").unwrap_err(),
        StockError::QuantityFormat(_)
    ));
}

#[test]
fn movement_kinds_only_between_the_right_places() {
    use PlaceKind as P;
    assert!(MoveKind::Checkout.allows(P::Warehouse, P::Van));
    assert!(!MoveKind::Checkout.allows(P::Van, P::Warehouse));
    assert!(MoveKind::Use.allows(P::Van, P::Customer));
    assert!(!MoveKind::Use.allows(P::Warehouse, P::Customer));
    assert!(MoveKind::Collect.allows(P::Customer, P::Van));
    assert!(MoveKind::Adjust.allows(P::Adjustment, P::Van));
    assert!(MoveKind::Adjust.allows(P::Van, P::Loss));
    assert!(!MoveKind::Adjust.allows(P::Supplier, P::Van));
    assert!(MoveKind::Adjust.allows(P::Warehouse, P::Van));
    assert!(MoveKind::Transfer.allows(P::Van, P::Van));
    assert!(MoveKind::Transfer.allows(P::Defective, P::Supplier));
    assert!(!MoveKind::Transfer.allows(P::Customer, P::Van));
}

#[test]
fn fixed_ids_are_stable_and_distinct() {
    let t = Uuid::from_u128(7);
    assert_eq!(van_id(t), van_id(t));
    assert_ne!(van_id(t), customer_place_id(t));
    assert_ne!(
        fixed_place_id(PlaceKind::Loss),
        fixed_place_id(PlaceKind::Supplier)
    );
}

#[test]
fn delivery_csv_with_header_in_any_order_and_errors_per_row() {
    let csv = "\u{feff}Serial;SKU;MAC\nHWTC0001;onu-hg8145;001a2b3c4d5e\n\nHWTC0002;ONU-HG8145;\nX;ONU-HG8145;\nHWTC0001;ONU-HG8145;\nHWTC0003;ONU-HG8145;zz\n;;\n";
    let f = parse_delivery_csv(csv, Lang::PtBr);
    assert_eq!(
        f.rows,
        vec![
            DeliveryRow {
                line: 2,
                sku: "ONU-HG8145".into(),
                serial: "HWTC0001".into(),
                mac: Some("00:1A:2B:3C:4D:5E".into())
            },
            DeliveryRow {
                line: 4,
                sku: "ONU-HG8145".into(),
                serial: "HWTC0002".into(),
                mac: None
            },
        ]
    );
    let errs: Vec<(u32, &str)> = f
        .errors
        .iter()
        .map(|e| (e.line, e.message.as_str()))
        .collect();
    assert_eq!(errs[0].0, 5);
    assert!(errs[0].1.starts_with("Serial inválido"));
    assert_eq!(errs[1], (6, "Serial HWTC0001 repetido (já na linha 2)"));
    assert_eq!(errs[2].0, 7);
    assert!(errs[2].1.starts_with("MAC inválido"));
    assert_eq!(errs[3], (8, "SKU em branco"));
}

#[test]
fn delivery_csv_without_header_uses_sku_serial_mac() {
    let f = parse_delivery_csv(
        "RTR-C6,TPL0001,\r\nRTR-C6,TPL0002,AA-BB-CC-DD-EE-FF\r\n",
        Lang::En,
    );
    assert!(f.errors.is_empty(), "{:?}", f.errors);
    assert_eq!(f.rows.len(), 2);
    assert_eq!(f.rows[0].line, 1);
    assert_eq!(f.rows[1].mac.as_deref(), Some("AA:BB:CC:DD:EE:FF"));
}

#[test]
fn count_differences_name_gains_losses_and_serials() {
    let a = Uuid::from_u128(1);
    let b = Uuid::from_u128(2);
    let d = count_differences(
        &["S1".into(), "S2".into()],
        &["S2".into(), "S3".into()],
        &[
            CountLine::Bulk {
                item_id: a,
                expected: 100,
                counted: 80,
            },
            CountLine::Bulk {
                item_id: b,
                expected: 5,
                counted: 7,
            },
        ],
    );
    assert_eq!(d.serials_missing, vec!["S1".to_owned()]);
    assert_eq!(d.serials_found, vec!["S3".to_owned()]);
    assert_eq!(d.bulk_losses, vec![(a, 20)]);
    assert_eq!(d.bulk_gains, vec![(b, 2)]);
    assert!(count_differences(&[], &[], &[]).is_empty());
}

proptest! {
    /// Movements conserve stock: the balances always sum to zero per item.
    #[test]
    fn balances_conserve_stock(moves in proptest::collection::vec((0u128..5, 0u128..5, 0u128..3, 1i64..50), 0..60)) {
        let m: Vec<_> = moves.iter().map(|&(f, t, i, q)| (Uuid::from_u128(f), Uuid::from_u128(t + 10), Uuid::from_u128(i), q)).collect();
        let b = balances(m.iter().copied());
        for item in 0..3u128 {
            let total: i64 = b.iter().filter(|((_, i), _)| *i == Uuid::from_u128(item)).map(|(_, q)| *q).sum();
            prop_assert_eq!(total, 0);
        }
    }

    /// Any serial that parses is a fixed point of parsing.
    #[test]
    fn serial_parse_is_idempotent(s in "[a-zA-Z0-9./-]{4,40}") {
        let once = parse_serial(&s).unwrap();
        prop_assert_eq!(parse_serial(&once).unwrap(), once);
    }
}
