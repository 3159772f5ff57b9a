//! Text folding for search: lower case, Portuguese accents removed, spaces collapsed, so
//! "João" matches "joao" and "Várzea" matches "varzea".

/// Folds `input` for accent- and case-insensitive matching.
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut last_space = true;
    for c in input.chars().flat_map(char::to_lowercase) {
        let base = match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if base == ' ' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(base);
            last_space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn accents_case_and_spaces_do_not_matter() {
        assert_eq!(fold("  João   da CONCEIÇÃO "), "joao da conceicao");
        assert_eq!(fold("Várzea"), "varzea");
        assert_eq!(fold(""), "");
    }
}
