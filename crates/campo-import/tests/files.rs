//! Files as providers would hand them over: the sample files in `docs/import` (with their two
//! deliberate mistakes), Latin-1 CSV, Excel workbooks with dates and numbers, merged cells,
//! one endless column, things that are not tables at all.

use campo_import::{
    Checked, Field, FileError, Format, ImportKind, Known, Mapping, ProblemKind, Records, Standing,
    check, table,
};
use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, Workbook};

fn sample(name: &str) -> Vec<u8> {
    let path = format!("{}/../../docs/import/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn checked(kind: ImportKind, bytes: &[u8], known: &Known) -> Checked {
    let t = table::read(bytes).expect("a table");
    let m = Mapping::guess(kind, &t.headers);
    check(kind, &t, &m, known)
}

fn recife() -> Known {
    Known {
        // Recife, Olinda, Jaboatão dos Guararapes.
        served: vec![2611606, 2609600, 2607901],
        ..Known::default()
    }
}

#[test]
fn the_sample_customers_have_exactly_their_two_deliberate_mistakes() {
    let c = checked(ImportKind::Customers, &sample("clientes.csv"), &recife());
    let found: Vec<(usize, Option<&str>, Option<&str>)> = c
        .problems
        .iter()
        .map(|p| (p.line, p.letter.as_deref(), p.column.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (5, Some("C"), Some("CPF")),
            (9, Some("F"), Some("Data de nascimento"))
        ]
    );
    assert_eq!(
        c.problems[0].message(campo_domain::Lang::PtBr),
        "Linha 5, coluna C (CPF): CPF inválido: verifique os dígitos (“111.444.777-36”)"
    );
    assert!(
        c.problems[1]
            .message(campo_domain::Lang::En)
            .starts_with("Line 9, column F (Data de nascimento): date “12/31/1980”"),
        "{}",
        c.problems[1].message(campo_domain::Lang::En)
    );
    let Records::Customers(list) = &c.records else {
        panic!("customers")
    };
    assert_eq!(list.len(), 8);
    assert_eq!(list[0].external_id.as_deref(), Some("1001"));
    assert_eq!(list[0].draft.cpf.as_deref(), Some("30615892442"));
    assert_eq!(list[0].draft.address.lat, Some(-8.1231));
    assert_eq!(list[0].draft.address.reference, "Em frente à padaria");
    // Municipalities are written as IBGE writes them.
    assert!(
        list.iter()
            .any(|r| r.draft.address.city == "Jaboatão dos Guararapes")
    );
}

#[test]
fn the_sample_orders_need_their_customers_and_plans_and_leave_finished_ones_out() {
    let nothing = checked(ImportKind::Orders, &sample("ordens.csv"), &Known::default());
    assert!(nothing.problems.iter().any(|p| p.line == 2
        && matches!(&p.kind, ProblemKind::UnknownCustomer { value } if value == "1001")));
    assert!(nothing.problems.iter().any(|p| p.line == 2
        && matches!(&p.kind, ProblemKind::UnknownPlan { value } if value == "Fibra 300 Mega")));
    let mut known = recife();
    known.customer_ids = (1001..=1010).map(|i| i.to_string()).collect();
    known.plan_names = [
        "fibra 300 mega",
        "fibra 500 mega + tv",
        "fibra 1 giga premium",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    known.plan_ids = ["P3".to_owned()].into();
    let c = checked(ImportKind::Orders, &sample("ordens.csv"), &known);
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    assert_eq!(c.left_out, 1, "the finished order (F) is left out");
    let Records::Orders(list) = &c.records else {
        panic!("orders")
    };
    assert_eq!(list.len(), 7);
    let kinds: Vec<&str> = list.iter().map(|o| o.kind.code()).collect();
    assert_eq!(
        kinds,
        [
            "installation",
            "installation",
            "repair",
            "installation",
            "removal",
            "address_change",
            "installation"
        ]
    );
    assert_eq!(list[3].standing, Standing::Analysis);
    assert_eq!(list[1].standing, Standing::Queue);
    assert_eq!(list[6].periods.len(), 2);
}

#[test]
fn the_sample_plans_read_brazilian_prices_and_yes_no() {
    let c = checked(ImportKind::Plans, &sample("planos.csv"), &Known::default());
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    let Records::Plans(list) = &c.records else {
        panic!("plans")
    };
    assert_eq!(list[1].price_cents, 13990);
    assert!(list[1].has_iptv && !list[1].premium);
    assert_eq!(list[2].download_mbps, 1000);
    assert_eq!(list[0].external_id.as_deref(), Some("P1"));
}

#[test]
fn a_latin1_export_with_ixc_names_reads_the_same() {
    let text = "id;razao;cnpj_cpf;endereco;numero;bairro;cidade;uf;cep;telefone_celular;latitude;longitude\n\
                77;Jos\u{e9} Concei\u{e7}\u{e3}o;52998224725;Rua S\u{e3}o Jo\u{e3}o;10;Torre;Recife;PE;50710000;81988887777;-8,05;-34,91\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let t = table::read(&bytes).unwrap();
    assert_eq!(t.format, Format::CsvLatin1);
    let m = Mapping::guess(ImportKind::Customers, &t.headers);
    let c = check(ImportKind::Customers, &t, &m, &recife());
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    let Records::Customers(list) = &c.records else {
        panic!()
    };
    assert_eq!(list[0].draft.name, "José Conceição");
    assert_eq!(list[0].draft.address.street, "Rua São João");
}

#[test]
fn every_problem_of_a_row_is_listed_not_only_the_first() {
    let text = "Nome;CPF;Telefone;CEP;Logradouro;Número;Bairro;Município;UF;Latitude;Longitude\n\
                ;123;(00) 1234;123;Rua A;1;Centro;Gotham;PE;-8;-34\n\
                Ana;;81999998888;50000000;Rua B;2;Centro;Recife;PE;-8,05;\n\
                Bia;;81999998888;50000000;Rua B;2;Centro;São Paulo;SP;-23,5;-46,6\n";
    let c = checked(ImportKind::Customers, text.as_bytes(), &recife());
    let on = |line: usize| -> Vec<&ProblemKind> {
        c.problems
            .iter()
            .filter(|p| p.line == line)
            .map(|p| &p.kind)
            .collect()
    };
    let line2 = on(2);
    assert!(line2.contains(&&ProblemKind::Required { field: Field::Name }));
    assert!(line2.iter().any(|k| matches!(
        k,
        ProblemKind::Invalid {
            field: Field::Cpf,
            ..
        }
    )));
    assert!(line2.iter().any(|k| matches!(
        k,
        ProblemKind::Invalid {
            field: Field::Phone1,
            ..
        }
    )));
    assert!(line2.iter().any(|k| matches!(
        k,
        ProblemKind::Invalid {
            field: Field::Cep,
            ..
        }
    )));
    assert!(
        line2
            .iter()
            .any(|k| matches!(k, ProblemKind::UnknownMunicipality { .. }))
    );
    assert_eq!(on(3), [&ProblemKind::Coordinates]);
    assert!(matches!(on(4)[..], [ProblemKind::NotServed { .. }]));
    assert!(c.records.is_empty());
}

#[test]
fn a_customer_without_coordinates_comes_in_to_be_placed_on_the_map_later() {
    let text = "Nome;Telefone;CEP;Logradouro;Número;Bairro;Município;UF\n\
                Ana;81999998888;50000000;Rua B;2;Centro;Recife;PE\n";
    let c = checked(ImportKind::Customers, text.as_bytes(), &recife());
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    let Records::Customers(list) = &c.records else {
        panic!()
    };
    assert_eq!(
        (list[0].draft.address.lat, list[0].draft.address.lon),
        (None, None)
    );
}

#[test]
fn duplicates_within_the_file_name_the_first_line() {
    let text = "ID;Nome;CPF;Telefone;CEP;Logradouro;Número;Bairro;Município;UF;Latitude;Longitude\n\
                1;Ana;529.982.247-25;81999998888;50000000;Rua B;2;Centro;Recife;PE;-8;-34\n\
                1;Bia;;81999998888;50000000;Rua B;2;Centro;Recife;PE;-8;-34\n\
                2;Cris;52998224725;81999998888;50000000;Rua B;2;Centro;Recife;PE;-8;-34\n";
    let c = checked(ImportKind::Customers, text.as_bytes(), &recife());
    let dups: Vec<(usize, &ProblemKind)> = c.problems.iter().map(|p| (p.line, &p.kind)).collect();
    assert_eq!(
        dups,
        [
            (
                3,
                &ProblemKind::Duplicate {
                    field: Field::ExternalId,
                    first_line: 2
                }
            ),
            (
                4,
                &ProblemKind::Duplicate {
                    field: Field::Cpf,
                    first_line: 2
                }
            )
        ]
    );
}

#[test]
fn a_missing_required_column_is_named_on_the_header() {
    let c = checked(
        ImportKind::Customers,
        b"Nome;Telefone\nAna;81999998888\n",
        &recife(),
    );
    let missing: Vec<Field> = c
        .problems
        .iter()
        .filter(|p| p.line == 1)
        .filter_map(|p| match p.kind {
            ProblemKind::MissingColumn { field } => Some(field),
            _ => None,
        })
        .collect();
    assert_eq!(
        missing,
        [
            Field::Cep,
            Field::Street,
            Field::Number,
            Field::Neighbourhood,
            Field::City,
            Field::Uf
        ]
    );
}

#[test]
fn ten_megabytes_of_one_column_is_a_file_with_missing_columns_not_a_crash() {
    let mut text = String::from("Nome\n");
    while text.len() < 10 * 1024 * 1024 {
        text.push_str("Fulano de Tal da Silva Sauro\n");
    }
    let c = checked(ImportKind::Customers, text.as_bytes(), &recife());
    assert!(c.records.is_empty());
    assert!(c.problems.iter().any(|p| p.line == 1));
}

#[test]
fn a_cell_too_long_is_named() {
    let long = "x".repeat(300);
    let text = format!(
        "Nome;Telefone;CEP;Logradouro;Número;Bairro;Município;UF;Latitude;Longitude\n{long};81999998888;50000000;Rua B;2;Centro;Recife;PE;-8;-34\n"
    );
    let c = checked(ImportKind::Customers, text.as_bytes(), &recife());
    assert_eq!(
        c.problems[0].kind,
        ProblemKind::TooLong {
            field: Field::Name,
            max: 200
        }
    );
}

fn workbook(merge: bool) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let headers = [
        "ID",
        "Nome",
        "CPF",
        "Nascimento",
        "Celular",
        "CEP",
        "Rua",
        "Número",
        "Bairro",
        "Cidade",
        "UF",
        "Latitude",
        "Longitude",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let date = XFormat::new().set_num_format("dd/mm/yyyy");
    sheet.write_number(1, 0, 42.0).unwrap();
    sheet.write_string(1, 1, "Maria das Graças").unwrap();
    // A CPF typed as a number loses its leading zero in Excel.
    sheet.write_number(1, 2, 4877610227.0).unwrap();
    sheet
        .write_datetime_with_format(1, 3, ExcelDateTime::from_ymd(1984, 6, 2).unwrap(), &date)
        .unwrap();
    sheet.write_number(1, 4, 81999887766.0).unwrap();
    sheet.write_number(1, 5, 5030230.0).unwrap();
    sheet.write_string(1, 6, "Rua da Praia").unwrap();
    sheet.write_number(1, 7, 12.0).unwrap();
    sheet.write_string(1, 8, "São José").unwrap();
    sheet.write_string(1, 9, "Recife").unwrap();
    sheet.write_string(1, 10, "PE").unwrap();
    sheet.write_number(1, 11, -8.07).unwrap();
    sheet.write_number(1, 12, -34.88).unwrap();
    if merge {
        sheet
            .merge_range(3, 0, 3, 2, "Total", &XFormat::new())
            .unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn an_excel_workbook_gives_its_dates_and_numbers_as_typed() {
    let t = table::read(&workbook(false)).unwrap();
    assert_eq!(t.format, Format::Xlsx);
    assert_eq!(t.rows[0].cell(3), Some("02/06/1984"));
    assert_eq!(t.rows[0].cell(0), Some("42"));
    let c = checked(ImportKind::Customers, &workbook(false), &recife());
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    let Records::Customers(list) = &c.records else {
        panic!()
    };
    assert_eq!(list[0].draft.cpf.as_deref(), Some("04877610227"));
    assert_eq!(list[0].draft.address.cep, "05030230");
    assert_eq!(list[0].draft.birth_date.as_deref(), Some("1984-06-02"));
}

#[test]
fn merged_cells_are_refused_by_their_range() {
    assert_eq!(
        table::read(&workbook(true)),
        Err(FileError::MergedCells {
            cells: "A4:C4".into()
        })
    );
}

#[test]
fn what_is_not_a_table_says_so() {
    let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\x00stream";
    assert_eq!(table::read(pdf), Err(FileError::NotATable));
    assert_eq!(table::read(b"   \n\n"), Err(FileError::Empty));
    assert!(
        FileError::NotATable
            .message(campo_domain::Lang::PtBr)
            .contains("CSV")
    );
}

#[test]
fn subjects_naming_a_plan_change_or_an_sva_activation_become_those_kinds() {
    let csv = "id;id_cliente;assunto;plano;status;data_abertura\n\
        6001;1001;Mudança de plano - upgrade 500;Fibra 300 Mega;A;20/11/2026\n\
        6002;1001;Troca de plano;Fibra 300 Mega;A;20/11/2026\n\
        6003;1001;Ativação de SVA (Paramount+);Fibra 300 Mega;A;20/11/2026\n\
        6004;1001;Ativação IPTV;Fibra 300 Mega;A;20/11/2026\n\
        6005;1001;Mudança de endereço;Fibra 300 Mega;A;20/11/2026\n\
        6006;1001;Ativação;Fibra 300 Mega;A;20/11/2026\n";
    let mut known = recife();
    known.customer_ids = ["1001".to_owned()].into_iter().collect();
    known.plan_names = ["fibra 300 mega".to_owned()].into_iter().collect();
    let c = checked(ImportKind::Orders, csv.as_bytes(), &known);
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    let Records::Orders(list) = &c.records else {
        panic!("orders")
    };
    let kinds: Vec<&str> = list.iter().map(|o| o.kind.code()).collect();
    assert_eq!(
        kinds,
        [
            "plan_change",
            "plan_change",
            "sva_activation",
            "sva_activation",
            "address_change",
            "installation"
        ]
    );
}
