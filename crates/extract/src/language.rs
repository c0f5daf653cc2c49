//! Which language a text is in.

/// The language of a text as a short code (ISO 639-1 where one exists, else ISO 639-3), or
/// `None` when the text is too short or too mixed for a reliable guess. Uses `whatlang`'s
/// trigram statistics, which are compiled in.
pub fn detect(text: &str) -> Option<&'static str> {
    // A few thousand bytes decide as well as a whole article and keep this cheap.
    let end = (0..=text.len().min(4000)).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let info = whatlang::detect(&text[..end])?;
    if !info.is_reliable() {
        return None;
    }
    let code = info.lang().code();
    Some(ISO_639_1.iter().find(|(three, _)| *three == code).map_or(code, |(_, two)| two))
}

/// ISO 639-3 codes whatlang gives, with their ISO 639-1 forms.
const ISO_639_1: &[(&str, &str)] = &[
    ("afr", "af"),
    ("aka", "ak"),
    ("amh", "am"),
    ("ara", "ar"),
    ("aze", "az"),
    ("bel", "be"),
    ("ben", "bn"),
    ("bul", "bg"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("cmn", "zh"),
    ("dan", "da"),
    ("deu", "de"),
    ("ell", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("est", "et"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("guj", "gu"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ind", "id"),
    ("ita", "it"),
    ("jav", "jv"),
    ("jpn", "ja"),
    ("kan", "kn"),
    ("kat", "ka"),
    ("khm", "km"),
    ("kor", "ko"),
    ("lat", "la"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("mal", "ml"),
    ("mar", "mr"),
    ("mkd", "mk"),
    ("mya", "my"),
    ("nep", "ne"),
    ("nld", "nl"),
    ("nob", "nb"),
    ("ori", "or"),
    ("pan", "pa"),
    ("pes", "fa"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rus", "ru"),
    ("sin", "si"),
    ("slk", "sk"),
    ("slv", "sl"),
    ("sna", "sn"),
    ("spa", "es"),
    ("srp", "sr"),
    ("swe", "sv"),
    ("tam", "ta"),
    ("tel", "te"),
    ("tgl", "tl"),
    ("tha", "th"),
    ("tuk", "tk"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("urd", "ur"),
    ("uzb", "uz"),
    ("vie", "vi"),
    ("yid", "yi"),
    ("zul", "zu"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_common_languages() {
        assert_eq!(
            detect("The Ukrainian leader did not elaborate on which side had suffered casualties in the reported incident."),
            Some("en")
        );
        assert_eq!(
            detect("Le président a déclaré que les troupes nord-coréennes n'avaient pas encore combattu en Ukraine."),
            Some("fr")
        );
        assert_eq!(detect("ok"), None);
    }
}
