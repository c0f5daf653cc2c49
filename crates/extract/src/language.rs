//! Which language a text is in.

/// The language of a text as a short code (ISO 639-1 where one exists, else ISO 639-3), or
/// `None` when the text is too short or too mixed for a reliable guess. Uses `whatlang`'s
/// trigram statistics, which are compiled in.
pub fn detect(text: &str) -> Option<&'static str> {
    if looks_english(text) {
        return Some("en");
    }
    // A few thousand bytes decide as well as a whole article and keep this cheap.
    let end = (0..=text.len().min(4000)).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let info = whatlang::detect(&text[..end])?;
    if !info.is_reliable() {
        return None;
    }
    let code = info.lang().code();
    Some(ISO_639_1.iter().find(|(three, _)| *three == code).map_or(code, |(_, two)| two))
}

/// English words so common that a fifth of any English prose is made of them, and other
/// languages written in Latin letters rarely use them.
const ENGLISH_MARKERS: &[&str] = &[
    "a", "and", "as", "for", "has", "he", "in", "is", "it", "of", "on", "said", "that", "the", "to", "was",
    "with",
];

/// A fast check for the common case: plain English prose (at least 30 words, almost all ASCII, a
/// fifth or more of its words among [`ENGLISH_MARKERS`]). Whatlang's full trigram comparison
/// costs about a million instructions an article; this costs a few thousand.
fn looks_english(text: &str) -> bool {
    let end = (0..=text.len().min(1500)).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let sample = &text[..end];
    // Letters outside ASCII (not typographic quotes or dashes, which English news is full of).
    let foreign_letters = sample.chars().filter(|c| !c.is_ascii() && c.is_alphabetic()).count();
    let (mut words, mut markers) = (0usize, 0usize);
    for word in sample.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty()) {
        words += 1;
        if word.len() <= 4 && ENGLISH_MARKERS.iter().any(|m| m.eq_ignore_ascii_case(word)) {
            markers += 1;
        }
    }
    words >= 30 && markers * 5 >= words && foreign_letters * 50 <= words
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
        let german = "Der Präsident sagte am Montag, dass die nordkoreanischen Truppen noch nicht an den Kämpfen \
            in der Ukraine teilgenommen hätten, und dass die Allianz keine Beweise dafür habe, dass sie es täten.";
        assert_eq!(detect(german), Some("de"));
        let spanish = "El presidente dijo el lunes que las tropas norcoreanas todavía no habían entrado en combate en \
            Ucrania y que la alianza no tenía pruebas de que estuvieran participando en los combates del frente.";
        assert_eq!(detect(spanish), Some("es"));
    }
}
