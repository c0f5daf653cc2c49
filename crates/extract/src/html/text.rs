//! Small judgements on pieces of page text: teasers, boilerplate lines, photo credits, bylines.

/// Whole lines, or lead-ins of short lines, that are page furniture rather than reporting.
const BOILERPLATE_PREFIXES: &[&str] = &[
    "advertisement",
    "advertising",
    "sponsored",
    "sign up",
    "subscribe",
    "follow us",
    "follow me",
    "share this",
    "share on",
    "share via",
    "share:",
    "tweet",
    "email this",
    "print this",
    "copyright",
    "©",
    "(c) ",
    "all rights reserved",
    "join the conversation",
    "we use cookies",
    "this site uses cookies",
    "by clicking",
    "please enable javascript",
    "you have reached",
    "log in",
    "already a subscriber",
    "get the latest",
    "to continue reading",
    "story continues below",
    "article continues below",
    "skip advertisement",
    "scroll to continue",
    "loading",
    "image:",
    "photo:",
    "caption:",
    "embed",
    "getty images",
    "listen to this",
    "reporting by",
    "(reporting by",
    "additional reporting",
    "editing by",
    "(editing by",
    "join our",
    "follow @",
    "there was a problem",
];

/// Whether a line is a teaser: a "read more"-style lead-in, or only a URL.
pub(crate) fn is_teaser(line: &str) -> bool {
    if line.len() > 300 {
        return false;
    }
    let head = lower_head(line, 32);
    crate::furniture::starts_like_teaser(&head) || crate::site::is_web_url(line)
}

/// Whether a short line is furniture: an ad label, a share or subscribe prompt, a copyright line.
pub(crate) fn is_boilerplate(line: &str) -> bool {
    let chars = line.chars().count();
    if chars > 300 {
        return false;
    }
    let head = lower_head(line, 40);
    if BOILERPLATE_PREFIXES.iter().any(|p| head.starts_with(p)) {
        return true;
    }
    let lower = line.to_lowercase();
    (chars < 100
        && (lower.contains("all rights reserved")
            || lower.ends_with("newsletter")
            || lower.contains("cookie")))
        || (chars < 250 && (is_contact_line(&head, &lower) || is_prompt_or_disclosure(&lower)))
        || is_photo_caption(&head, &lower)
}

/// Lead-ins of a line that tells the reader how to reach or follow the writer.
const CONTACT_LEAD_INS: &[&str] = &[
    "follow ",
    "email ",
    "e-mail ",
    "write to ",
    "reach ",
    "contact ",
    "have a tip",
    "got a tip",
    "you can reach",
];

/// "Email Jane Roe at jroe@example.com or follow her @jroe", "Follow us on Twitter": a short
/// line with a contact lead-in and an address, a handle or a social network.
fn is_contact_line(head: &str, lower: &str) -> bool {
    CONTACT_LEAD_INS.iter().any(|p| head.starts_with(p))
        && (lower.contains('@') || ["twitter", "facebook", "instagram"].iter().any(|n| lower.contains(n)))
}

/// A newsletter prompt ("… delivered to your inbox … subscribing to our newsletter"), an
/// affiliate disclosure, or a wire story's contributor line.
fn is_prompt_or_disclosure(lower: &str) -> bool {
    (lower.contains("newsletter")
        && ["sign up", "subscrib", "inbox", "delivered"].iter().any(|w| lower.contains(w)))
        || (lower.contains("commission") && (lower.contains("affiliate") || lower.contains("may earn")))
        || lower.trim_end_matches(['.', ' ']).ends_with("contributed to this report")
}

/// A wire photo's caption written as a paragraph: "In this Nov. 10, 2019, file photo, …".
fn is_photo_caption(head: &str, lower: &str) -> bool {
    head.starts_with("in this ")
        && lower.get(..lower.len().min(90)).is_some_and(|h| {
            ["photo,", "photo taken", "photo provided", "photo released", "photo made", "image made"]
                .iter()
                .any(|p| h.contains(p))
        })
}

fn lower_head(line: &str, n: usize) -> String {
    line.trim_start().chars().take(n).flat_map(char::to_lowercase).collect()
}

/// Markers that open a credit at the end of a caption.
const CREDIT_MARKERS: &[&str] = &[
    "Photograph:",
    "Photo:",
    "Photos:",
    "Picture:",
    "Pictures:",
    "Pic:",
    "Image:",
    "Images:",
    "Photo credit:",
    "Credit:",
    "Source:",
    "Photo by",
    "Photos by",
    "Photograph by",
    "Picture by",
    "Image by",
    "Illustration:",
    "Illustration by",
    "Foto:",
];

/// Agencies and phrases that end a caption as its credit even without a marker
/// (`… on Monday. Jane Roe/Getty Images`).
const CREDIT_TAILS: &[&str] = &[
    "Getty Images",
    "AFP",
    "Reuters",
    "AP",
    "Associated Press",
    "EPA",
    "Shutterstock",
    "Alamy",
    "PA",
    "Bloomberg",
    "AAP",
    "Supplied",
    "File",
    "Handout",
    "iStock",
];

/// The longest credit accepted, in characters.
const MAX_CREDIT_CHARS: usize = 100;

/// Splits a photo credit off the end of a caption: `(Photo by X)`, `Photo: X`, `X/Getty Images`.
/// Gives the caption (trimmed) and the credit, or the whole caption and `None`.
pub(crate) fn split_credit(caption: &str) -> (&str, Option<&str>) {
    let caption = caption.trim();
    // Bracketed at the end: "… (Photo by Jane Roe/AFP)".
    if let Some(inner_end) = caption.strip_suffix(')').map(str::len) {
        if let Some(open) = caption[..inner_end].rfind('(') {
            let inner = caption[open + 1..inner_end].trim();
            let before = caption[..open].trim_end();
            if let Some(name) = after_marker(inner) {
                if fits(name) && !before.is_empty() {
                    return (before, Some(name));
                }
            }
        }
    }
    // The last marker in the caption that follows a space.
    let mut best: Option<(usize, usize)> = None;
    for marker in CREDIT_MARKERS {
        for (at, _) in caption.match_indices(marker) {
            if (at == 0 || caption[..at].ends_with(' ')) && best.is_none_or(|(b, _)| at > b) {
                best = Some((at, marker.len()));
            }
        }
    }
    if let Some((at, len)) = best {
        let name = caption[at + len..].trim().trim_end_matches(')').trim();
        let before = caption[..at].trim_end().trim_end_matches('(').trim_end();
        if fits(name) {
            return (before, Some(name));
        }
    }
    // "… in Kyiv. Jane Roe/Getty Images" or "… in Kyiv. (AP Photo/Jane Roe)".
    if let Some(slash) = caption.rfind('/') {
        let start = caption[..slash].rfind(['.', '|', '(', '—']).map_or(0, |p| p + 1);
        let name = caption[start..].trim().trim_end_matches(')').trim();
        let tail_ok = CREDIT_TAILS.iter().any(|t| name.contains(t)) || name.contains("Photo");
        if start > 0 && tail_ok && fits(name) && name.split_whitespace().count() <= 8 {
            let before = caption[..start].trim_end().trim_end_matches('(').trim_end();
            let before =
                if caption.as_bytes().get(start - 1) == Some(&b'.') { &caption[..start] } else { before };
            return (before.trim(), Some(name));
        }
    }
    (caption, None)
}

fn after_marker(inner: &str) -> Option<&str> {
    CREDIT_MARKERS.iter().find_map(|m| {
        let head = inner.get(..m.len())?;
        head.eq_ignore_ascii_case(m).then(|| inner[m.len()..].trim())
    })
}

fn fits(name: &str) -> bool {
    !name.is_empty() && name.chars().count() <= MAX_CREDIT_CHARS && !name.contains(". ")
}

/// A credit without its marker: `Photo: Jane Roe` gives `Jane Roe`.
pub(crate) fn strip_credit_marker(credit: &str) -> String {
    let c = credit.trim().trim_start_matches('(').trim_end_matches(')').trim();
    after_marker(c).unwrap_or(c).to_string()
}

/// Words that are not people in a byline.
const NOT_PEOPLE: &[&str] = &[
    "staff",
    "staff writer",
    "staff writers",
    "reporter",
    "reporters",
    "editor",
    "editors",
    "the editors",
    "editorial board",
    "editorial",
    "news desk",
    "newsdesk",
    "wire",
    "wires",
    "agency",
    "agencies",
    "associated press",
    "the associated press",
    "ap",
    "reuters",
    "afp",
    "bloomberg",
    "press association",
    "pa",
    "admin",
    "administrator",
    "guest",
    "correspondent",
    "contributor",
    "unknown",
];

/// People's names from a byline: `By Jane Doe and John Roe, Staff Writers` gives
/// `["Jane Doe", "John Roe"]`.
pub(crate) fn byline_names(byline: &str) -> Vec<String> {
    let mut s = byline.trim();
    for p in ["By ", "by ", "BY ", "Von ", "Par ", "Por ", "Di ", "Door "] {
        if let Some(rest) = s.strip_prefix(p) {
            s = rest;
        }
    }
    let s = s.split(['|', '\n', '•', '·']).next().unwrap_or("");
    let mut out: Vec<String> = Vec::new();
    for part in s.split([',', '&', ';']).flat_map(|p| p.split(" and ")) {
        let name = part.trim().trim_start_matches("and ").trim();
        let name = name.strip_prefix("By ").unwrap_or(name).trim();
        if is_person_name(name) && !out.iter().any(|o| o == name) {
            out.push(name.to_string());
        }
    }
    out
}

/// Whether a string looks like a person's name: one to five words, starting with capitals, no
/// digits, not an agency or a role.
pub(crate) fn is_person_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 || name.chars().count() > 60 {
        return false;
    }
    let lower = name.to_lowercase();
    if NOT_PEOPLE.contains(&lower.as_str()) || lower.contains("staff") || lower.contains("news") {
        return false;
    }
    if name.contains(['@', '/', ':', '(', ')', '"']) || name.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    words.iter().any(|w| w.chars().next().is_some_and(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_split() {
        assert_eq!(
            split_credit("Troops at the border. Photo: Ed Jones/AFP"),
            ("Troops at the border.", Some("Ed Jones/AFP"))
        );
        assert_eq!(
            split_credit("Putin in Moscow. (Photo by A B / POOL / AFP)"),
            ("Putin in Moscow.", Some("A B / POOL / AFP"))
        );
        assert_eq!(
            split_credit("Crowds gather in Kyiv on Monday. Jane Roe/Getty Images"),
            ("Crowds gather in Kyiv on Monday.", Some("Jane Roe/Getty Images"))
        );
        assert_eq!(split_credit("A quiet street in the rain"), ("A quiet street in the rain", None));
    }

    #[test]
    fn bylines_keep_people() {
        assert_eq!(byline_names("By Jane Doe and John Roe"), ["Jane Doe", "John Roe"]);
        assert_eq!(byline_names("By Staff"), Vec::<String>::new());
        assert_eq!(byline_names("Jane Doe, Reuters"), ["Jane Doe"]);
    }

    #[test]
    fn teasers_and_boilerplate() {
        assert!(is_teaser("READ MORE: Kim's army in numbers"));
        assert!(!is_teaser("Readers were alarmed."));
        assert!(is_boilerplate("Advertisement"));
        assert!(is_boilerplate("© 2024 Example News. All rights reserved."));
        assert!(!is_boilerplate("The minister said the troops had not yet fought."));
        assert!(is_boilerplate("Email Jane Roe at jroe@example.com or follow her @jroe."));
        assert!(is_boilerplate("Follow us on Twitter and Facebook."));
        assert!(!is_boilerplate("Follow the money, the inspector told the committee."));
        assert!(is_boilerplate("Get the top stories delivered to your inbox: sign up for our newsletter."));
        assert!(is_boilerplate("We may earn a commission when you buy through links on our site."));
        assert!(is_boilerplate("Associated Press writer Ann Lee in Paris contributed to this report."));
        assert!(is_boilerplate("In this Nov. 10, 2019, file photo, cars wait at the port in Dover."));
        assert!(!is_boilerplate("In this town, nobody had seen a photo of the mayor."));
    }
}
