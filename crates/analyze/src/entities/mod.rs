//! People, organisations and places.
//!
//! No model: rules and hand-written gazetteers ([`gazetteer`]). The steps:
//!
//! 1. **Chunks.** Runs of capitalised words in the prose (standfirst and body), joined across
//!    `of`, `de`, `bin`…, cut at possessives (`Kim’s`). A chunk that starts a sentence loses
//!    leading words the article also writes in lower case (`The`, `But`, `Speaking`).
//! 2. **Kinds.** Honorifics (`Mr`, `Dr`) and titles (`President`) make a person; the gazetteers
//!    name places, nationality adjectives (`Ukrainian` → Ukraine) and organisations; suffixes
//!    (`Party`, `Ministry`, `Times`) and all-capital acronyms make organisations; a known first
//!    name or a run of two to four capitalised words makes a person.
//! 3. **Linking.** A later single name (`Zelensky`, `Mr Rutte`, `Kim`) joins the person whose
//!    full name holds it, the most recently mentioned one when several do. Role descriptions
//!    join their person: `NATO chief Mark Rutte` gives Rutte the form `NATO chief`, and
//!    `the Ukrainian leader` joins the person the article ties to Ukraine.
//!
//! The headline and headings are often in title case, so there only known names count.
//!
//! **Architecture Invariant:** the tables are `const` and sorted; nothing is built at start-up
//! and nothing is global.

pub(crate) mod gazetteer;
pub(crate) mod lex;

use newsbite_model::{Entity, EntityKind};

use crate::doc::Role;
use crate::table::{in_table, Table};
use crate::Doc;
use gazetteer::{
    is_given_name, CALENDAR, COMPASS, DEMONYMS, EVENT_SUFFIXES, FEMALE_NAMES, HONORIFICS, LEADERS,
    MALE_NAMES, ORGS, ORG_SUFFIXES, PLACES, PLACE_PREFIXES, PLACE_SUFFIXES, ROLE_NOUNS, TITLE_WORDS,
};
use lex::{is_cap, lower_into, strip_possessive, tokens, Kind, Tok};

/// The named entities of an article.
pub fn entities(doc: &Doc<'_>) -> Vec<Entity> {
    find(doc).into_entities()
}

/// Each mention of a named entity, in reading order: where it stands, and the entity's kind and
/// canonical name (the names of [`entities`]).
pub fn mentions(doc: &Doc<'_>) -> Vec<Located> {
    let found = find(doc);
    found
        .mentions
        .iter()
        .map(|m| {
            let e = &found.ents[m.entity];
            Located {
                span: newsbite_model::Span { part: m.part_id, start: m.start, end: m.end },
                kind: e.kind,
                name: e.name.clone(),
            }
        })
        .collect()
}

/// A mention of a named entity, as [`mentions`] gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// Where the mention stands.
    pub span: newsbite_model::Span,
    /// The entity's kind.
    pub kind: EntityKind,
    /// The entity's canonical name.
    pub name: String,
}

/// One mention of an entity: where it stands and which entity it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mention {
    /// Index into [`Doc::parts`].
    pub part: usize,
    /// Byte range in the part's text.
    pub start: usize,
    pub end: usize,
    /// Index into [`Found::entities`].
    pub entity: usize,
    /// The article part.
    pub part_id: newsbite_model::Part,
}

/// An entity while it is being built.
#[derive(Debug, Clone)]
pub(crate) struct Ent {
    pub name: String,
    pub kind: EntityKind,
    pub forms: Vec<String>,
    /// The place or body the entity is tied to (a person's country), when known.
    pub tie: Option<String>,
    /// Whether the kind was only guessed (an unknown single word).
    weak: bool,
}

/// Which pronoun fits a person: `he` or `she`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    Male,
    Female,
}

impl Ent {
    /// Whether `he` or `she` fits this person, as the article shows it: a given name borne mostly
    /// by men or by women, an honorific (`Mr`, `Ms`), or a description (`the mother of three`).
    /// None when nothing tells, or when the signs disagree.
    pub(crate) fn gender(&self) -> Option<Gender> {
        let mut seen = None;
        let mut conflict = false;
        let forms = std::iter::once(self.name.as_str()).chain(self.forms.iter().map(String::as_str));
        for form in forms {
            for word in form.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
                let g = if in_table(FEMALE_NAMES, word) || in_table(FEMALE_WORDS, word) {
                    Gender::Female
                } else if in_table(MALE_NAMES, word) || in_table(MALE_WORDS, word) {
                    Gender::Male
                } else {
                    continue;
                };
                conflict |= seen.is_some_and(|s| s != g);
                seen = Some(g);
            }
        }
        seen.filter(|_| !conflict)
    }
}

/// Honorifics and nouns that say a woman (`Mrs`, `mother`, `congresswoman`).
const FEMALE_WORDS: &Table<&str> = &Table::words(&[
    "Dame",
    "Lady",
    "Miss",
    "Mrs",
    "Ms",
    "actress",
    "businesswoman",
    "chairwoman",
    "congresswoman",
    "daughter",
    "girl",
    "grandmother",
    "mother",
    "queen",
    "sister",
    "spokeswoman",
    "widow",
    "wife",
    "woman",
]);

/// Honorifics and nouns that say a man (`Mr`, `father`, `congressman`).
const MALE_WORDS: &Table<&str> = &Table::words(&[
    "Lord",
    "Mr",
    "Sir",
    "actor",
    "boy",
    "brother",
    "businessman",
    "chairman",
    "congressman",
    "father",
    "grandfather",
    "husband",
    "king",
    "man",
    "son",
    "spokesman",
    "widower",
]);

/// Entities with the positions of their mentions, in reading order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Found {
    pub ents: Vec<Ent>,
    pub mentions: Vec<Mention>,
    /// The tokens of each doc part (none for captions and teasers), for quotes to reuse.
    pub toks: Vec<Vec<Tok>>,
}

impl Found {
    /// The public entities: most mentioned first, then in order of first mention.
    pub fn into_entities(self) -> Vec<Entity> {
        let mut counts = vec![0usize; self.ents.len()];
        let mut first = vec![usize::MAX; self.ents.len()];
        for (k, m) in self.mentions.iter().enumerate() {
            if let Some(c) = counts.get_mut(m.entity) {
                *c += 1;
                first[m.entity] = first[m.entity].min(k);
            }
        }
        let mut out: Vec<(usize, usize, Entity)> = self
            .ents
            .into_iter()
            .enumerate()
            .filter(|(i, _)| counts[*i] > 0)
            .map(|(i, e)| {
                (
                    counts[i],
                    first[i],
                    Entity { name: e.name, kind: e.kind, mentions: counts[i], forms: e.forms },
                )
            })
            .collect();
        out.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        out.into_iter().map(|(_, _, e)| e).collect()
    }
}

/// Finds the entities of an article and where each is mentioned.
pub(crate) fn find(doc: &Doc<'_>) -> Found {
    let mut b = Builder { part_ids: doc.parts.iter().map(|p| p.part).collect(), ..Builder::default() };
    // Lower-case words of the prose: a capitalised sentence-initial word that also appears in
    // lower case is an ordinary word.
    let prose: usize = doc.prose().map(|p| p.text.len()).sum();
    let mut lower_words = lex::WordSet::with_capacity_and_hasher(prose / 12, Default::default());
    let mut toks: Vec<Vec<Tok>> = Vec::with_capacity(doc.parts.len());
    // Capitalised adjectives no gazetteer knows, without their `n` (`Valdoria` of `Valdorian`).
    let mut adjectives: Vec<&str> = Vec::new();
    for p in &doc.parts {
        if matches!(p.role, Role::Caption | Role::Teaser) {
            toks.push(Vec::new());
            continue;
        }
        let t = tokens(&p.text);
        if matches!(p.role, Role::Standfirst | Role::Body) {
            for tok in &t {
                let w = tok.text(&p.text);
                if !tok.is_word() {
                    continue;
                }
                if w.chars().next().is_some_and(char::is_lowercase) {
                    lower_words.insert(w);
                } else if w.len() > 5 && w.ends_with("ian") && is_cap(w) && lookup(DEMONYMS, w).is_none() {
                    adjectives.push(&w[..w.len() - 1]);
                }
            }
        }
        toks.push(t);
    }
    b.coined = coined_places(doc, &toks, adjectives);
    for (pi, p) in doc.parts.iter().enumerate() {
        let known_only = match p.role {
            Role::Standfirst | Role::Body => false,
            Role::Headline | Role::Heading => true,
            Role::Caption | Role::Teaser => continue,
        };
        if known_only {
            continue;
        }
        b.part(pi, &p.text, &toks[pi], &lower_words);
    }
    // Title-case parts: only names already known from the prose.
    for (pi, p) in doc.parts.iter().enumerate() {
        if matches!(p.role, Role::Headline | Role::Heading) {
            b.known_only(pi, &p.text, &toks[pi]);
        }
    }
    b.resolve_descriptions(doc, &toks);
    b.found.mentions.sort_by_key(|m| (m.part, m.start));
    b.merge_single_names();
    b.found.toks = toks;
    b.found
}

#[derive(Default)]
struct Builder {
    found: Found,
    /// Role descriptions waiting for their person: (part, start, end, tie, form).
    descriptions: Vec<(usize, usize, usize, String, String)>,
    /// The article part of each doc part.
    part_ids: Vec<newsbite_model::Part>,
    /// For each entity, the index of its latest mention.
    last_seen: Vec<usize>,
    buf: String,
    /// Places that no gazetteer holds but the article shows to be places ([`coined_places`]).
    coined: Vec<String>,
}

/// Places the article names together with their adjective, which no gazetteer here holds
/// (small or new places, or those of a made-up example): `Valdoria` with `the Valdorian
/// government`, `Kardovia’s version` with `no Kardovian unit`. A name is taken only when both
/// forms are written, each capitalised, in the prose. `stems` are the prose's capitalised
/// adjectives in `-ian` that no gazetteer knows, without their `n`.
fn coined_places(doc: &Doc<'_>, toks: &[Vec<Tok>], mut stems: Vec<&str>) -> Vec<String> {
    if stems.is_empty() {
        return Vec::new();
    }
    stems.sort_unstable();
    stems.dedup();
    let prose = doc.parts.iter().zip(toks).filter(|(p, _)| matches!(p.role, Role::Standfirst | Role::Body));
    let mut out: Vec<String> = Vec::new();
    for (p, ts) in prose {
        for t in ts.iter().filter(|t| t.is_word()) {
            let w = strip_possessive(t.text(&p.text)).0;
            if stems.binary_search(&w).is_ok() && !out.iter().any(|o| o == w) {
                out.push(w.to_string());
            }
        }
    }
    out
}

/// A run of capitalised words: token indices `[from, to)` and its words.
struct Chunk {
    from: usize,
    to: usize,
    /// Whether the first word starts a sentence.
    sentence_start: bool,
}

const CONNECTORS: &Table<&str> =
    &Table::words(&["al", "bin", "da", "de", "del", "der", "di", "du", "la", "le", "of", "van", "von"]);

impl Builder {
    /// Whether the article shows a name to be a place that no gazetteer holds ([`coined_places`]).
    fn is_coined(&self, name: &str) -> bool {
        self.coined.iter().any(|c| c == name)
    }

    fn part(&mut self, pi: usize, text: &str, toks: &[Tok], lower_words: &lex::WordSet<'_>) {
        let mut i = 0;
        while i < toks.len() {
            let t = toks[i];
            if !t.is_word() || !is_cap(t.text(text)) {
                // Role descriptions in lower case: `the Ukrainian leader` is handled at the
                // capitalised word; nothing to do here.
                i += 1;
                continue;
            }
            let chunk = chunk_at(text, toks, i);
            i = chunk.to.max(i + 1);
            self.chunk(pi, text, toks, chunk, lower_words);
        }
    }

    fn chunk(&mut self, pi: usize, text: &str, toks: &[Tok], chunk: Chunk, lower_words: &lex::WordSet<'_>) {
        // (token index, word without possessive)
        let mut words: Vec<(usize, &str)> = Vec::with_capacity(chunk.to - chunk.from);
        let mut k = chunk.from;
        while k < chunk.to {
            let t = toks[k];
            if t.is_word() {
                // An initial keeps its full stop: `Paul D. Ryan`.
                let w = if k + 1 < chunk.to && is_middle_initial(text, toks, k) {
                    &text[t.start..t.end + 1]
                } else {
                    strip_possessive(t.text(text)).0
                };
                words.push((k, w));
            }
            k += 1;
        }
        // Sentence-initial ordinary words.
        // `North Korean soldiers …` at the start of a sentence stays whole: the gazetteer knows it.
        let known_whole = words.len() > 1 && {
            // The two words as joined by one space: the text itself when it has them so.
            let ((k0, w0), (k1, w1)) = (words[0], words[1]);
            let (a, b) = (toks[k0].start, toks[k1].start);
            let joined;
            let whole = match text.get(a + w0.len()..b) {
                Some(" ") => &text[a..b + w1.len()],
                _ => {
                    joined = join(&words[..2]);
                    joined.as_str()
                }
            };
            lookup(PLACES, whole).is_some()
                || lookup(DEMONYMS, whole).is_some()
                || lookup(ORGS, whole).is_some()
        };
        if chunk.sentence_start && !known_whole {
            while let Some(&(_, w)) = words.first() {
                lower_into(w, &mut self.buf);
                let common =
                    lower_words.contains(self.buf.as_str()) || in_table(COMMON_CAPS, self.buf.as_str());
                let known =
                    lookup(PLACES, w).is_some() || lookup(ORGS, w).is_some() || lookup(DEMONYMS, w).is_some();
                if common && !known && !in_table(HONORIFICS, w) && !in_table(TITLE_WORDS, w) {
                    words.remove(0);
                } else {
                    break;
                }
            }
        }
        // Connectors at the ends are not part of a name.
        while words.last().is_some_and(|&(_, w)| in_table(CONNECTORS, w)) {
            words.pop();
        }
        while words.first().is_some_and(|&(_, w)| in_table(CONNECTORS, w) || w == "The" && words.len() == 1) {
            words.remove(0);
        }
        // A day after a name is no part of it: `Florida Friday`, `Netflix Friday`.
        while words.len() > 1 && words.last().is_some_and(|&(_, w)| in_table(CALENDAR, w)) {
            words.pop();
        }
        if words.is_empty() {
            return;
        }
        let span_of = |ws: &[(usize, &str)]| -> (usize, usize) {
            let a = toks[ws[0].0].start;
            let last = toks[ws[ws.len() - 1].0];
            (a, last.start + ws[ws.len() - 1].1.len())
        };

        // A place after `of` is a place of its own: `Earl Ray Tomblin of West Virginia`, unless the
        // words before it name a body (`Bank of America`, `University of Michigan`).
        if let Some(k) = words.iter().position(|&(_, w)| w == "of") {
            let body = k > 0 && in_table(ORG_SUFFIXES, words[k - 1].1);
            let place = (k > 0 && !body && k + 1 < words.len()).then(|| join(&words[k + 1..]));
            if let Some(name) = place.filter(|name| lookup(PLACES, name).is_some()) {
                let (start, end) = span_of(&words[k + 1..]);
                self.place_or_org(pi, start, end, &name);
                words.truncate(k);
            }
        }
        // A name whose shape gives its kind, read before any title in it makes a person of it
        // (`Justice Department`, `Supreme Court`, `University of Michigan`, `Fort Wayne`).
        if let Some(kind) = kind_by_shape(&words, lower_words, &mut self.buf) {
            let (start, end) = span_of(&words);
            let name = join(&words);
            if !self.place_or_org(pi, start, end, &name) {
                if let Some(kind) = kind {
                    let e = self.entity(&name, kind, false);
                    self.mention(e, pi, start, end, &name);
                }
            }
            return;
        }
        // `PENCE: …` in a transcript: a known person's name in capitals.
        if let [(_, w)] = words[..] {
            if w.len() > 2 && in_capitals(w) {
                let titled = title_case(w);
                if let Some(e) = self.link_person(&[(0, titled.as_str())]) {
                    let (start, end) = span_of(&words);
                    self.mention(e, pi, start, end, w);
                    return;
                }
            }
        }

        // Hyphenated places: `Russia-Ukraine`.
        if words.len() == 1 && words[0].1.contains('-') {
            let (k, w) = words[0];
            let parts: Vec<&str> = w.split('-').collect();
            if parts.len() > 1
                && parts.iter().all(|p| lookup(PLACES, p).is_some() || lookup(DEMONYMS, p).is_some())
            {
                let mut at = toks[k].start;
                for p in parts {
                    self.place_or_demonym(pi, at, at + p.len(), p);
                    at += p.len() + 1;
                }
                return;
            }
        }

        // Leading honorifics and titles, and a role before them (`Ukrainian President`).
        let mut honorific = false;
        let mut role_end = 0; // words[..role_end] are a role description
        let mut tie: Option<String> = None;
        while role_end < words.len() - 1 {
            let w = words[role_end].1;
            if in_table(HONORIFICS, w) {
                honorific = true;
                role_end += 1;
            } else if in_table(TITLE_WORDS, w) {
                role_end += 1;
            } else if role_end == 0 && words.len() > 2 {
                // A nationality or body before a title: `Ukrainian President X`, `NATO Chief X`.
                let next = words[1].1;
                if in_table(TITLE_WORDS, next) && !in_table(HONORIFICS, next) {
                    if let Some(place) = lookup(DEMONYMS, w).or_else(|| lookup(PLACES, w)) {
                        tie = Some(place.to_string());
                    } else if let Some(org) = lookup(ORGS, w) {
                        tie = Some(org.to_string());
                    }
                    if tie.is_some() {
                        let (a, e) = span_of(&words[..1]);
                        self.place_or_org_mention(pi, a, e, w);
                    }
                    // A body the gazetteer does not know is still no part of the name:
                    // `Oversight Chairman Jason Chaffetz`.
                    role_end += 1;
                    continue;
                }
                break;
            } else {
                break;
            }
        }
        let (name_words, role_words) = (&words[role_end..], &words[..role_end]);
        // A title alone (`President`, `Senator`) is no name.
        if name_words.is_empty() {
            return;
        }
        let name: String = join(name_words);
        let (start, end) = span_of(name_words);
        let role_form = (!role_words.is_empty() && !honorific).then(|| join(role_words));
        // A lower-case role right before the name: `NATO chief Mark Rutte`,
        // `US secretary of state Anthony Blinken`.
        let (pre_role, pre_tie) = lower_role_before(text, toks, chunk.from);
        let tie = tie.or(pre_tie);

        if honorific
            || !role_words.is_empty() && lookup(PLACES, &name).is_none() && lookup(ORGS, &name).is_none()
        {
            let e = self.person(&name, pi, start, end);
            let form_text = text.get(toks[words[0].0].start..end).unwrap_or(&name).to_string();
            self.add_form(e, form_text);
            if let Some(r) = role_form {
                self.add_form(e, r);
            }
            if let Some(r) = pre_role {
                self.add_form(e, r);
            }
            if let Some(t) = tie {
                self.found.ents[e].tie.get_or_insert(t);
            }
            return;
        }
        // `Jordan said` after `Rep. Jim Jordan`: the person, not the country.
        if name_words.len() == 1 && lookup(PLACES, &name).is_some() {
            let part_of = |full: &str| {
                let n = name.len();
                full.len() > n
                    && (full.starts_with(name.as_str()) && full.as_bytes()[n] == b' '
                        || full.ends_with(name.as_str()) && full.as_bytes()[full.len() - n - 1] == b' ')
            };
            let person = self.found.ents.iter().position(|e| {
                e.kind == EntityKind::Person
                    && part_of(&e.name)
                    && e.name
                        .split_once(' ')
                        .is_some_and(|(first, rest)| is_given_name(first) && rest.split(' ').all(is_cap))
            });
            if let Some(e) = person {
                self.mention(e, pi, start, end, &name);
                return;
            }
        }
        if self.place_or_org(pi, start, end, &name) {
            return;
        }
        if name_words.len() == 1 && self.is_coined(&name) {
            let e = self.entity(&name, EntityKind::Place, false);
            self.mention(e, pi, start, end, &name);
            return;
        }
        let first = name_words[0].1;
        if in_table(CALENDAR, first) || name_words.len() == 1 && in_table(CALENDAR, &name) {
            return;
        }
        // Skip roman numerals and the like.
        if name_words.len() == 1 {
            let w = first;
            if w.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) {
                return;
            }
            lower_into(w, &mut self.buf);
            if in_table(COMMON_CAPS, self.buf.as_str()) {
                return;
            }
            // `the Valdorian government`: the place, when the article names it too.
            if let Some(place) = w.strip_suffix('n').filter(|p| self.is_coined(p)) {
                let e = self.entity(place, EntityKind::Place, false);
                self.mention(e, pi, start, end, &name);
                return;
            }
            if w.ends_with("ern") || w.ends_with("ian") && w.len() > 5 {
                return; // `Western`, an adjective
            }
            // `Russians`: a nationality in the plural.
            if let Some(place) = w.strip_suffix('s').and_then(|d| lookup(DEMONYMS, d)) {
                let e = self.entity(place, EntityKind::Place, false);
                self.mention(e, pi, start, end, &name);
                return;
            }
        }
        // `World War III`, `Overused Western`: numerals and adjectives are not in names.
        let adjective = |w: &str| w.ends_with("ern") || w.len() > 6 && w.ends_with("ed") && !is_given_name(w);
        let numeral = |w: &str| w.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
        if name_words.len() > 1 && name_words.iter().any(|&(_, w)| adjective(w) || numeral(w)) {
            let e = self.entity(&name, EntityKind::Other, false);
            self.mention(e, pi, start, end, &name);
            return;
        }
        // Organisations by their last word or a mid-sentence `The`.
        let last = name_words[name_words.len() - 1].1;
        if name_words.len() == 1 && in_table(NOT_NAMES, first) {
            return; // `TV`, `CEO`, `EDT`
        }
        let org = in_table(ORG_SUFFIXES, last) && name_words.len() > 1
            || first == "The" && name_words.len() > 1
            || name_words.len() == 1 && is_acronym(first);
        if org {
            let e = self.entity(&name, EntityKind::Organisation, false);
            self.mention(e, pi, start, end, &name);
            return;
        }
        // People: a known person's name part, a first name, or a run of capitalised words.
        if let Some(e) = self.link_person(name_words) {
            self.mention(e, pi, start, end, &name);
            if let Some(r) = pre_role {
                self.add_form(e, r);
            }
            if let Some(t) = tie {
                self.found.ents[e].tie.get_or_insert(t);
            }
            return;
        }
        // A lower-case `the` right before the run.
        let the_before = chunk.from > 0 && toks[chunk.from - 1].text(text) == "the";
        // `Quillfire` after `Quillfire Systems`, `Labour` after the `Labour Party`, `the Concord`
        // after `the Continental Security Concord`, `the Bank` after the `Bank of England`: a
        // body named in full before, by the word before a company's or a party's last word, or,
        // after a lower-case `the`, by its last word or the word before its `of`.
        if name_words.len() == 1 && lookup(PLACES, first).is_none() && !self.is_coined(first) {
            // The one mentioned last, when two fit (`the Times` after two papers).
            let body = (0..self.found.ents.len())
                .filter(|&i| {
                    let e = &self.found.ents[i];
                    let n = e.name.as_str();
                    if e.kind != EntityKind::Organisation || n.len() <= first.len() + 1 {
                        return false;
                    }
                    let company = n.starts_with(first)
                        && n.as_bytes()[first.len()] == b' '
                        && !n[first.len() + 1..].contains(' ')
                        && in_table(COMPANY_ENDS, &n[first.len() + 1..]);
                    let last =
                        the_before && n.ends_with(first) && n.as_bytes()[n.len() - first.len() - 1] == b' ';
                    // `the Bank` after the `Bank of England`.
                    let of = the_before && n.starts_with(first) && n[first.len()..].starts_with(" of ");
                    company || last || of
                })
                .max_by_key(|&i| self.last_seen.get(i).copied().unwrap_or(0));
            if let Some(e) = body {
                self.mention(e, pi, start, end, &name);
                return;
            }
        }
        // `the Continental Security Concord`: a run of names after a lower-case `the`, with
        // no first name to open it, is a body; people are seldom given an article.
        let after_the = name_words.len() > 1 && name_words[0].0 == chunk.from && the_before;
        if after_the && !is_given_name(first) && pre_role.is_none() {
            let e = self.entity(&name, EntityKind::Organisation, false);
            self.mention(e, pi, start, end, &name);
            return;
        }
        let person = is_given_name(first) || (2..=4).contains(&name_words.len()) || pre_role.is_some();
        if person {
            let e = self.person(&name, pi, start, end);
            if let Some(r) = pre_role {
                self.add_form(e, r);
            }
            if let Some(t) = tie {
                self.found.ents[e].tie.get_or_insert(t);
            }
            return;
        }
        // An unknown single word: a person when it speaks (`Caddell said`), else other; at the
        // start of a sentence, nothing (`Erratic autocrats …`), unless it speaks.
        let speaks = toks.get(chunk.to).is_some_and(|t| {
            lower_into(t.text(text), &mut self.buf);
            matches!(self.buf.as_str(), "said" | "says" | "told" | "added" | "argued" | "wrote" | "tweeted")
        });
        if chunk.sentence_start && !speaks && name_words[0].0 == chunk.from {
            return;
        }
        // `Analysts said`, `Prosecutors told`: people in the plural, by their role, that open the
        // sentence name nobody (`Police` is a body).
        if chunk.sentence_start && name_words[0].0 == chunk.from && first.ends_with('s') {
            lower_into(first, &mut self.buf);
            if in_table(ROLE_NOUNS, self.buf.as_str()) {
                return;
            }
        }
        // A body's word alone speaks for the body: `the Times reported`, `the Court said`.
        let kind = match speaks {
            _ if in_table(ORG_SUFFIXES, first) => EntityKind::Organisation,
            true => EntityKind::Person,
            false => EntityKind::Other,
        };
        let e = self.entity(&name, kind, !speaks);
        self.mention(e, pi, start, end, &name);
    }

    /// Mentions in title-case parts: known entities' forms and gazetteer names only.
    fn known_only(&mut self, pi: usize, text: &str, toks: &[Tok]) {
        let mut i = 0;
        while i < toks.len() {
            let t = toks[i];
            if !t.is_word() || !is_cap(t.text(text)) {
                i += 1;
                continue;
            }
            // Longest known name starting here, up to four words.
            let mut best: Option<(usize, usize)> = None; // (to, entity)
            let mut j = i;
            let mut words = 0;
            while j < toks.len() && words < 4 {
                if !toks[j].is_word() {
                    break;
                }
                words += 1;
                let w = strip_possessive(toks[j].text(text)).0;
                let end = toks[j].start + w.len();
                if let Some(name) = text.get(t.start..end) {
                    if let Some(e) = self.known(name) {
                        best = Some((j + 1, e));
                    }
                }
                if w.len() < toks[j].text(text).len() {
                    break;
                }
                j += 1;
            }
            match best {
                Some((to, e)) => {
                    let last = toks[to - 1];
                    let end = last.start + strip_possessive(last.text(text)).0.len();
                    let form = text.get(t.start..end).unwrap_or("").to_string();
                    self.mention(e, pi, t.start, end, &form);
                    i = to;
                }
                None => i += 1,
            }
        }
    }

    /// The entity a name already denotes: a form seen in the prose, a gazetteer name, or a part
    /// of a person's name.
    fn known(&mut self, name: &str) -> Option<usize> {
        if let Some(e) = self
            .found
            .ents
            .iter()
            .position(|e| !e.weak && (e.name == name || e.forms.iter().any(|f| f == name)))
        {
            return Some(e);
        }
        if let Some(c) = lookup(PLACES, name).or_else(|| lookup(DEMONYMS, name)) {
            return Some(self.entity(c, EntityKind::Place, false));
        }
        if let Some(c) = lookup(ORGS, name) {
            return Some(self.entity(c, EntityKind::Organisation, false));
        }
        if !name.contains(' ') {
            return self.found.ents.iter().position(|e| {
                e.kind == EntityKind::Person && e.name.split(' ').any(|p| p == name) && e.name.contains(' ')
            });
        }
        None
    }

    fn place_or_demonym(&mut self, pi: usize, start: usize, end: usize, w: &str) {
        if let Some(c) = lookup(PLACES, w).or_else(|| lookup(DEMONYMS, w)) {
            let e = self.entity(c, EntityKind::Place, false);
            self.mention(e, pi, start, end, w);
        }
    }

    fn place_or_org_mention(&mut self, pi: usize, start: usize, end: usize, w: &str) {
        if !self.place_or_org(pi, start, end, w) {
            let e = self.entity(w, EntityKind::Organisation, false);
            self.mention(e, pi, start, end, w);
        }
    }

    /// A gazetteer place, nationality or organisation; also one with a leading `The` dropped.
    fn place_or_org(&mut self, pi: usize, start: usize, end: usize, name: &str) -> bool {
        if let Some(c) = lookup(PLACES, name).or_else(|| lookup(DEMONYMS, name)) {
            let e = self.entity(c, EntityKind::Place, false);
            self.mention(e, pi, start, end, name);
            return true;
        }
        if let Some(c) = lookup(ORGS, name) {
            let e = self.entity(c, EntityKind::Organisation, false);
            self.mention(e, pi, start, end, name);
            return true;
        }
        if let Some(rest) = name.strip_prefix("The ") {
            if let Some(c) = lookup(PLACES, rest) {
                let e = self.entity(c, EntityKind::Place, false);
                self.mention(e, pi, start, end, name);
                return true;
            }
        }
        false
    }

    /// A person by name: an existing one when the name is a part of theirs, else a new one.
    fn person(&mut self, name: &str, pi: usize, start: usize, end: usize) -> usize {
        let words: Vec<(usize, &str)> = name.split(' ').map(|w| (0, w)).collect();
        let e = match self.link_person(&words) {
            Some(e) => e,
            None => self.entity(name, EntityKind::Person, false),
        };
        self.mention(e, pi, start, end, name);
        e
    }

    /// The person a name joins: the one whose name equals it, or, for a single word, whose name
    /// holds it (the most recently mentioned). A longer name that extends a known one
    /// (`Donald J. Trump` after `Trump`) takes over.
    fn link_person(&mut self, words: &[(usize, &str)]) -> Option<usize> {
        if let Some(e) =
            self.found.ents.iter().position(|e| e.kind == EntityKind::Person && is_joined(&e.name, words))
        {
            return Some(e);
        }
        let last_word = words[words.len() - 1].1;
        let first_word = words[0].1;
        let mut best: Option<(usize, usize)> = None; // (recency, entity)
        for (i, e) in self.found.ents.iter().enumerate() {
            if !matches!(e.kind, EntityKind::Person | EntityKind::Other) {
                continue;
            }
            let (first, last) = match e.name.split_once(' ') {
                Some((f, _)) => (f, e.name.rsplit(' ').next().unwrap_or(f)),
                None => (e.name.as_str(), e.name.as_str()),
            };
            let several = first.len() < e.name.len();
            let fits = if words.len() == 1 {
                e.kind == EntityKind::Person && several && (last == last_word || first == last_word)
            } else {
                // Same surname and either a single-word entity or the same first name.
                last == last_word && (!several || first == first_word)
            };
            if fits {
                let recency = self.last_seen.get(i).copied().unwrap_or(0);
                if best.is_none_or(|(r, _)| recency >= r) {
                    best = Some((recency, i));
                }
            }
        }
        let (_, e) = best?;
        if words.len() > 1 && !self.found.ents[e].name.contains(' ') {
            let old = std::mem::replace(&mut self.found.ents[e].name, join(words));
            self.add_form(e, old);
            self.found.ents[e].kind = EntityKind::Person;
            self.found.ents[e].weak = false;
        }
        Some(e)
    }

    fn entity(&mut self, name: &str, kind: EntityKind, weak: bool) -> usize {
        if let Some(i) = self.found.ents.iter().position(|e| e.name == name && (e.kind == kind || e.weak)) {
            if self.found.ents[i].weak && !weak {
                self.found.ents[i].kind = kind;
                self.found.ents[i].weak = false;
            }
            return i;
        }
        self.found.ents.push(Ent { name: name.to_string(), kind, forms: Vec::new(), tie: None, weak });
        self.found.ents.len() - 1
    }

    fn mention(&mut self, e: usize, part: usize, start: usize, end: usize, form: &str) {
        if self.last_seen.len() <= e {
            self.last_seen.resize(e + 1, 0);
        }
        self.last_seen[e] = self.found.mentions.len();
        self.found.mentions.push(Mention { part, start, end, entity: e, part_id: self.part_ids[part] });
        let ent = &mut self.found.ents[e];
        if !form.is_empty() && !ent.forms.iter().any(|f| f == form) {
            ent.forms.push(form.to_string());
        }
    }

    fn add_form(&mut self, e: usize, form: String) {
        let ent = &mut self.found.ents[e];
        if !form.is_empty() && !ent.forms.contains(&form) {
            ent.forms.push(form);
        }
    }

    /// A single name mentioned before the full one (`Kim’s troops` … `Kim Jong-un`) joins the
    /// one person whose name starts or ends with it.
    fn merge_single_names(&mut self) {
        let n = self.found.ents.len();
        for i in 0..n {
            let e = &self.found.ents[i];
            if e.name.contains(' ') || !matches!(e.kind, EntityKind::Person | EntityKind::Other) {
                continue;
            }
            let word = e.name.as_str();
            let mut owners = (0..n).filter(|&j| {
                let o = &self.found.ents[j];
                j != i
                    && o.kind == EntityKind::Person
                    && o.name.contains(' ')
                    && (o.name.split(' ').next() == Some(word) || o.name.rsplit(' ').next() == Some(word))
            });
            let (Some(j), None) = (owners.next(), owners.next()) else { continue };
            for m in &mut self.found.mentions {
                if m.entity == i {
                    m.entity = j;
                }
            }
            let forms = std::mem::take(&mut self.found.ents[i].forms);
            for f in forms {
                self.add_form(j, f);
            }
        }
    }

    /// `the Ukrainian leader`: a nationality plus a role noun, with no name after it, joins the
    /// person tied to that place (by the text, or by the leaders table), else the person
    /// mentioned last before it.
    fn resolve_descriptions(&mut self, doc: &Doc<'_>, all_toks: &[Vec<Tok>]) {
        for (pi, p) in doc.parts.iter().enumerate() {
            if !matches!(p.role, Role::Standfirst | Role::Body) {
                continue;
            }
            let text: &str = &p.text;
            let toks = &all_toks[pi];
            for i in 0..toks.len().saturating_sub(2) {
                let det = toks[i].text(text);
                if !(det.eq_ignore_ascii_case("the")) || !toks[i + 1].is_word() {
                    continue;
                }
                // `the Ukrainian leader`, `the North Korean despot`.
                let (place, role_at) = {
                    let one = toks[i + 1].text(text);
                    let two = toks.get(i + 2).and_then(|t| text.get(toks[i + 1].start..t.end));
                    match two.and_then(|s| lookup(DEMONYMS, s)) {
                        Some(p) => (p, i + 3),
                        None => match lookup(DEMONYMS, one) {
                            Some(p) => (p, i + 2),
                            None => continue,
                        },
                    }
                };
                let Some(role) = toks.get(role_at) else { continue };
                let role_word = role.text(text);
                if !matches!(
                    role_word,
                    "leader"
                        | "president"
                        | "prime"
                        | "premier"
                        | "despot"
                        | "dictator"
                        | "strongman"
                        | "chancellor"
                        | "autocrat"
                        | "ruler"
                        | "head"
                ) {
                    continue;
                }
                let mut role_end = role.end;
                if role_word == "prime" {
                    match toks.get(role_at + 1) {
                        Some(t) if t.text(text) == "minister" => role_end = t.end,
                        _ => continue,
                    }
                }
                // A name right after is the person itself, handled as a chunk.
                if toks
                    .iter()
                    .find(|t| t.start >= role_end)
                    .is_some_and(|t| t.is_word() && is_cap(t.text(text)))
                {
                    continue;
                }
                let start = toks[i].start;
                let form = text.get(start..role_end).unwrap_or("").to_string();
                self.descriptions.push((pi, start, role_end, place.to_string(), form));
            }
        }
        let descriptions = std::mem::take(&mut self.descriptions);
        for (pi, start, end, place, form) in descriptions {
            let e = self.person_tied_to(&place, pi, start);
            if let Some(e) = e {
                let form = lowercase_first(&form);
                self.found.mentions.push(Mention {
                    part: pi,
                    start,
                    end,
                    entity: e,
                    part_id: self.part_ids[pi],
                });
                self.add_form(e, form);
            }
        }
    }

    fn person_tied_to(&self, place: &str, pi: usize, at: usize) -> Option<usize> {
        let people = || self.found.ents.iter().enumerate().filter(|(_, e)| e.kind == EntityKind::Person);
        if let Some((i, _)) = people().find(|(_, e)| e.tie.as_deref() == Some(place)) {
            return Some(i);
        }
        if let Some((i, _)) = people().find(|(_, e)| {
            e.name.split(' ').any(|w| lookup(LEADERS, w) == Some(place))
                || lookup(LEADERS, &e.name) == Some(place)
        }) {
            return Some(i);
        }
        // The person mentioned last before it, unless tied elsewhere.
        self.found
            .mentions
            .iter()
            .filter(|m| (m.part, m.start) < (pi, at))
            .max_by_key(|m| (m.part, m.start))
            .map(|m| m.entity)
            .filter(|&e| {
                let ent = &self.found.ents[e];
                ent.kind == EntityKind::Person
                    && ent.tie.is_none()
                    && !ent.name.split(' ').any(|w| lookup(LEADERS, w).is_some_and(|p| p != place))
            })
    }
}

/// A run of capitalised words from token `i`.
fn chunk_at(text: &str, toks: &[Tok], i: usize) -> Chunk {
    let sentence_start = starts_sentence(text, toks, i);
    let mut j = i;
    let mut last_word = i;
    while j < toks.len() {
        let t = toks[j];
        match t.kind {
            Kind::Word => {
                let w = t.text(text);
                if is_cap(w) {
                    last_word = j;
                    j += 1;
                    if strip_possessive(w).1 {
                        break;
                    }
                } else if in_table(CONNECTORS, w)
                    && j > i
                    && toks.get(j + 1).is_some_and(|n| n.is_word() && is_cap(n.text(text)))
                {
                    j += 1;
                } else {
                    break;
                }
            }
            // `Mr. Rutte`, `Dr. Smith`: the full stop after an honorific stays in; so does an
            // initial's after a first name (`Paul D. Ryan`, `George H. W. Bush`).
            Kind::Punct('.') if j > i && in_table(HONORIFICS, toks[j - 1].text(text)) => j += 1,
            Kind::Punct('.') if j > i + 1 && is_middle_initial(text, toks, j - 1) => j += 1,
            _ => break,
        }
    }
    let to = last_word + 1;
    Chunk { from: i, to, sentence_start }
}

/// Whether token `k` is a middle initial: one capital letter, its full stop right after it, a
/// capitalised word after that, and a first name (or another initial) before it.
fn is_middle_initial(text: &str, toks: &[Tok], k: usize) -> bool {
    let t = toks[k];
    let one_letter =
        |t: Tok| t.is_word() && t.end - t.start == 1 && t.text(text).as_bytes()[0].is_ascii_uppercase();
    if !one_letter(t) || !toks.get(k + 1).is_some_and(|d| d.is_punct('.') && d.start == t.end) {
        return false;
    }
    let next_cap = toks.get(k + 2).is_some_and(|n| n.is_word() && is_cap(n.text(text)));
    let after_name = match k.checked_sub(1).map(|b| toks[b]) {
        Some(b) if b.is_word() => is_given_name(b.text(text)),
        Some(b) if b.is_punct('.') => k >= 2 && one_letter(toks[k - 2]),
        _ => false,
    };
    next_cap && after_name
}

/// Whether token `i` starts a sentence (or a quotation).
fn starts_sentence(text: &str, toks: &[Tok], i: usize) -> bool {
    let mut k = i;
    while k > 0 {
        let p = toks[k - 1];
        match p.kind {
            Kind::Punct(c) if lex::is_open_quote(c) || c == '"' || c == '(' || c == '\'' => k -= 1,
            Kind::Punct(c) => {
                return matches!(c, '.' | '!' | '?' | ':' | '—' | '–' | '•' | ';' | '…') || c == '”'
            }
            Kind::Word => {
                let w = p.text(text);
                return w.ends_with('.') && w.len() > 3;
            }
        }
    }
    true
}

/// A lower-case role right before a name, with the body or nationality before it:
/// `NATO chief` in `NATO chief Mark Rutte`, `US secretary of state`. Gives the role form and the
/// place or body it ties the person to.
fn lower_role_before(text: &str, toks: &[Tok], from: usize) -> (Option<String>, Option<String>) {
    let mut k = from;
    let mut n = 0;
    while k > 0 && n < 4 {
        let t = toks[k - 1];
        let w = t.text(text);
        if t.is_word()
            && (in_table(ROLE_NOUNS, w)
                || matches!(
                    w,
                    "of" | "state"
                        | "foreign"
                        | "defence"
                        | "defense"
                        | "prime"
                        | "vice"
                        | "deputy"
                        | "former"
                ))
        {
            k -= 1;
            n += 1;
        } else {
            break;
        }
    }
    if n == 0 || k == 0 {
        return (None, None);
    }
    // Only a role noun at the end (`chief`, `secretary of state`), and a name before it.
    let owner = toks[k - 1];
    if !owner.is_word() {
        return (None, None);
    }
    let w = strip_possessive(owner.text(text)).0;
    let tie = lookup(DEMONYMS, w).or_else(|| lookup(PLACES, w)).or_else(|| lookup(ORGS, w));
    let Some(tie) = tie else { return (None, None) };
    let role = text.get(owner.start..toks[from - 1].end).map(str::to_string);
    (role, Some(tie.to_string()))
}

/// The kind a run of capitalised words has by its shape alone: `Some(Some(kind))`, or
/// `Some(None)` for a run that names nothing (a heading in capitals that no gazetteer knows);
/// `None` when its shape does not tell.
fn kind_by_shape(
    words: &[(usize, &str)],
    lower_words: &lex::WordSet<'_>,
    buf: &mut String,
) -> Option<Option<EntityKind>> {
    let n = words.len();
    if n < 2 || in_table(HONORIFICS, words[0].1) {
        return None;
    }
    let (first, last) = (words[0].1, words[n - 1].1);
    // A heading or a dateline in capitals: `FULL TEXT`, `LOS ANGELES`.
    if words.iter().all(|&(_, w)| in_capitals(w)) {
        let titled: Vec<String> = words.iter().map(|&(_, w)| title_case(w)).collect();
        let name = titled.join(" ");
        return Some(if lookup(PLACES, &name).is_some() {
            Some(EntityKind::Place)
        } else if lookup(ORGS, &name).is_some() {
            Some(EntityKind::Organisation)
        } else {
            None
        });
    }
    let given = is_given_name(first);
    // `Bank of America Stadium`.
    if in_table(PLACE_SUFFIXES, last) && !(given && n == 2) {
        return Some(Some(EntityKind::Place));
    }
    // `Department of Homeland Security`, `University of Michigan`, `Board of Education`.
    let body_of = words.windows(2).any(|w| w[1].1 == "of" && in_table(ORG_SUFFIXES, w[0].1));
    if body_of || in_table(ORG_SUFFIXES, last) && !(given && n == 2) {
        return Some(Some(EntityKind::Organisation));
    }
    // A law or an event; a party's member (`a Democrat of Vermont`, `a New York Republican`).
    let member = |w: &str| matches!(w, "Democrat" | "Republican");
    if in_table(EVENT_SUFFIXES, last) || member(last) || member(first) && words[1].1 == "of" {
        return Some(Some(EntityKind::Other));
    }
    let known_place = |ws: &[(usize, &str)]| lookup(PLACES, &join(ws)).is_some();
    if in_table(PLACE_PREFIXES, first) || in_table(COMPASS, first) && known_place(&words[1..]) {
        return Some(Some(EntityKind::Place));
    }
    // A team: a place and a plural (`Minnesota Vikings`, `Charlotte Panthers`).
    if n <= 3 && !given && last.ends_with('s') && !is_given_name(last) && known_place(&words[..n - 1]) {
        return Some(Some(EntityKind::Organisation));
    }
    // Words the article also writes in lower case, run together in a heading or a slogan:
    // `Mostly True`, `Divisive Legacy`. A name that opens with a first name stays a name.
    lower_into(last, buf);
    let common_last = lower_words.contains(buf.as_str()) || in_table(COMMON_CAPS, buf.as_str());
    if !given && common_last && !words.iter().any(|&(_, w)| in_table(TITLE_WORDS, w)) {
        return Some(Some(EntityKind::Other));
    }
    None
}

/// Capitalised abbreviations that name nothing: time zones, titles, common terms.
const NOT_NAMES: &Table<&str> = &Table::words(&[
    "AI", "AIDS", "AM", "ATM", "CDT", "CEO", "CFO", "COO", "CST", "CTO", "DIY", "DNA", "EDT", "EST", "FAQ",
    "FLOTUS", "GDP", "GMT", "GPS", "HIV", "ID", "IQ", "LGBT", "LGBTQ", "MDT", "MST", "OK", "PDF", "PDT",
    "PM", "POTUS", "PST", "PTSD", "SUV", "TV", "URL", "USD", "UTC", "VIP",
]);

/// Whether a word is written in capitals: two letters or more, none in lower case (`PENCE`,
/// `N.C.`).
fn in_capitals(w: &str) -> bool {
    !w.chars().any(char::is_lowercase) && w.chars().filter(|c| c.is_alphabetic()).count() > 1
}

/// `PENCE` → `Pence`.
fn title_case(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    for (i, c) in w.chars().enumerate() {
        if i == 0 {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

fn is_acronym(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    (2..=6).contains(&letters)
        && w.chars().all(|c| c.is_uppercase() || c == '.' || c == '&' || c.is_ascii_digit())
}

/// Whether a name is the words joined by single spaces ([`join`]), without joining them.
fn is_joined(name: &str, words: &[(usize, &str)]) -> bool {
    let mut rest = name;
    for (k, &(_, w)) in words.iter().enumerate() {
        if k > 0 {
            let Some(r) = rest.strip_prefix(' ') else { return false };
            rest = r;
        }
        let Some(r) = rest.strip_prefix(w) else { return false };
        rest = r;
    }
    rest.is_empty()
}

fn join(words: &[(usize, &str)]) -> String {
    let mut s = String::with_capacity(words.iter().map(|(_, w)| w.len() + 1).sum());
    for (k, (_, w)) in words.iter().enumerate() {
        if k > 0 {
            s.push(' ');
        }
        s.push_str(w);
    }
    s
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A gazetteer look-up by exact form.
pub(crate) fn lookup(table: &Table<(&'static str, &'static str)>, form: &str) -> Option<&'static str> {
    table.position(form).map(|i| table[i].1)
}

/// Last words of a company's or a party's name whose first word alone names it too
/// (`Quillfire Systems`, `Labour Party`).
const COMPANY_ENDS: &Table<&str> = &Table::words(&[
    "Airlines",
    "Airways",
    "Bank",
    "Co",
    "Corp",
    "Corporation",
    "Energy",
    "Group",
    "Holdings",
    "Inc",
    "LLC",
    "Labs",
    "Ltd",
    "Media",
    "Motors",
    "Oil",
    "Partners",
    "Party",
    "Systems",
    "Technologies",
]);

/// Words that are capitalised only because they start a sentence or a heading; never a name
/// alone.
const COMMON_CAPS: &Table<&str> = &Table::words(&[
    "a",
    "about",
    "according",
    "after",
    "again",
    "against",
    "all",
    "also",
    "although",
    "amid",
    "among",
    "an",
    "and",
    "another",
    "any",
    "as",
    "asked",
    "at",
    "because",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "despite",
    "did",
    "do",
    "does",
    "during",
    "each",
    "earlier",
    "eight",
    "even",
    "every",
    "five",
    "follow",
    "for",
    "four",
    "from",
    "he",
    "her",
    "here",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "instead",
    "it",
    "its",
    "just",
    "last",
    "later",
    "like",
    "many",
    "meanwhile",
    "more",
    "most",
    "my",
    "newer",
    "nine",
    "no",
    "not",
    "now",
    "of",
    "older",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "over",
    "perhaps",
    "read",
    "seven",
    "she",
    "since",
    "six",
    "so",
    "some",
    "speaking",
    "still",
    "such",
    "ten",
    "than",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "three",
    "through",
    "to",
    "today",
    "tomorrow",
    "two",
    "under",
    "until",
    "up",
    "we",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "why",
    "with",
    "within",
    "without",
    "yes",
    "yesterday",
    "yet",
    "you",
    "younger",
    "your",
]);

#[cfg(test)]
mod tests {
    use super::*;
    use newsbite_model::{Article, Block};

    fn sorted(table: &[&str]) -> bool {
        table.windows(2).all(|w| w[0] < w[1])
    }

    #[test]
    fn is_joined_is_join_compared() {
        let words = [(0, "Kim"), (2, "Jong-un")];
        for name in ["Kim Jong-un", "Kim  Jong-un", "KimJong-un", "Kim Jong-un ", "Kim", "", "Kim Jong"] {
            assert_eq!(is_joined(name, &words), name == join(&words), "{name:?}");
        }
        assert!(is_joined("", &[]));
    }

    #[test]
    fn tables_are_sorted() {
        for t in [
            COMMON_CAPS,
            COMPANY_ENDS,
            CONNECTORS,
            FEMALE_NAMES,
            MALE_NAMES,
            gazetteer::UNISEX_NAMES,
            FEMALE_WORDS,
            MALE_WORDS,
            HONORIFICS,
            TITLE_WORDS,
            ROLE_NOUNS,
            ORG_SUFFIXES,
            CALENDAR,
            gazetteer::PLACE_SUFFIXES,
            gazetteer::PLACE_PREFIXES,
            gazetteer::COMPASS,
            gazetteer::EVENT_SUFFIXES,
            NOT_NAMES,
        ] {
            assert!(sorted(t), "{:?}", t.windows(2).find(|w| w[0] >= w[1]));
            assert!(t.iter().all(|w| in_table(t, w)), "every word is found");
        }
        for t in [PLACES, DEMONYMS, ORGS, LEADERS] {
            assert!(t.windows(2).all(|w| w[0].0 < w[1].0), "{:?}", t.windows(2).find(|w| w[0].0 >= w[1].0));
            assert!(t.iter().enumerate().all(|(i, e)| t.position(e.0) == Some(i)), "every name is found");
        }
    }

    fn article(paragraphs: &[&str]) -> Article {
        let mut a = Article::new("Headline");
        a.blocks = paragraphs.iter().map(|p| Block::Paragraph { text: p.to_string() }).collect();
        a
    }

    fn find_entity<'a>(es: &'a [Entity], name: &str) -> &'a Entity {
        es.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("no {name} in {es:#?}"))
    }

    #[test]
    fn people_places_and_organisations() {
        let a = article(&[
            "Volodymyr Zelensky met NATO chief Mark Rutte in Kyiv.",
            "The Ukrainian leader said Russia had lost. Mr Rutte agreed with Zelensky.",
            "US secretary of state Anthony Blinken said Kim’s troops had arrived, The Standard reports.",
        ]);
        let es = entities(&Doc::new(&a));
        let z = find_entity(&es, "Volodymyr Zelensky");
        assert_eq!(z.kind, EntityKind::Person);
        assert_eq!(z.mentions, 3, "{z:?}");
        assert!(z.forms.iter().any(|f| f == "the Ukrainian leader"), "{z:?}");
        let r = find_entity(&es, "Mark Rutte");
        assert_eq!(r.mentions, 2);
        assert!(r.forms.iter().any(|f| f == "NATO chief"), "{r:?}");
        assert_eq!(find_entity(&es, "NATO").kind, EntityKind::Organisation);
        assert_eq!(find_entity(&es, "Ukraine").kind, EntityKind::Place);
        assert_eq!(find_entity(&es, "Russia").kind, EntityKind::Place);
        assert_eq!(find_entity(&es, "Kyiv").kind, EntityKind::Place);
        assert_eq!(find_entity(&es, "United States").kind, EntityKind::Place);
        assert_eq!(find_entity(&es, "The Standard").kind, EntityKind::Organisation);
        assert_eq!(find_entity(&es, "Anthony Blinken").kind, EntityKind::Person);
        assert!(es.iter().all(|e| e.name != "The" && e.name != "Mr"), "{es:#?}");
    }

    #[test]
    fn early_single_names_and_sentence_initial_places() {
        let a = article(&[
            "North Korean soldiers arrived. Kim’s troops have not fought.",
            "Putin signed a pact with Kim Jong-un. Russians and World War III were mentioned.",
        ]);
        let es = entities(&Doc::new(&a));
        assert_eq!(find_entity(&es, "Kim Jong-un").mentions, 2, "{es:#?}");
        assert_eq!(find_entity(&es, "North Korea").forms, ["North Korean"]);
        assert_eq!(find_entity(&es, "Russia").kind, EntityKind::Place);
        assert_eq!(find_entity(&es, "World War III").kind, EntityKind::Other);
        assert!(es.iter().all(|e| e.name != "Kim" && e.name != "Korean"), "{es:#?}");
    }

    #[test]
    fn sentence_initial_words_are_not_names() {
        let a = article(&["Speaking on Monday, he left. However the talks failed. But the talks went on."]);
        let es = entities(&Doc::new(&a));
        assert!(es.is_empty(), "{es:#?}");
    }

    #[test]
    fn mentions_stand_where_their_words_are() {
        let a = article(&["Mark Rutte met Volodymyr Zelensky in Kyiv. Rutte said NATO would help Ukraine."]);
        let ms = mentions(&Doc::new(&a));
        let seen: Vec<(String, EntityKind, &str)> = ms
            .iter()
            .map(|m| (m.span.text(&a).unwrap_or_default().into_owned(), m.kind, m.name.as_str()))
            .collect();
        let want = [
            ("Mark Rutte", EntityKind::Person, "Mark Rutte"),
            ("Volodymyr Zelensky", EntityKind::Person, "Volodymyr Zelensky"),
            ("Kyiv", EntityKind::Place, "Kyiv"),
            ("Rutte", EntityKind::Person, "Mark Rutte"),
            ("NATO", EntityKind::Organisation, "NATO"),
            ("Ukraine", EntityKind::Place, "Ukraine"),
        ];
        assert_eq!(seen.len(), want.len(), "{seen:?}");
        for (got, (text, kind, name)) in seen.iter().zip(want) {
            assert_eq!((got.0.as_str(), got.1, got.2), (text, kind, name));
        }
    }

    /// The kind of each named entity, by name.
    fn kinds(paragraphs: &[&str]) -> Vec<(String, EntityKind)> {
        let a = article(paragraphs);
        entities(&Doc::new(&a)).into_iter().map(|e| (e.name, e.kind)).collect()
    }

    fn kind_of(kinds: &[(String, EntityKind)], name: &str) -> Option<EntityKind> {
        kinds.iter().find(|(n, _)| n == name).map(|(_, k)| *k)
    }

    /// Asserts that each of `names` was found, with the kind `kind`.
    fn assert_kinds(kinds: &[(String, EntityKind)], names: &[&str], kind: EntityKind) {
        for name in names {
            assert_eq!(kind_of(kinds, name), Some(kind), "{name}: {kinds:?}");
        }
    }

    #[test]
    fn a_body_named_in_full_is_known_by_its_short_name() {
        let a = article(&[
            "Quillfire Systems recalled the phone, and the Continental Security Concord met in Carrowmere.",
            "On Tuesday, Quillfire said the fault was fixed; the Concord said nothing.",
            "The Kessel Party met. Then Kessel said it would ask for an inquiry.",
            "Harbour Bank and the Bank of Valdoria disagreed; the Bank said rates would stay.",
        ]);
        let es = entities(&Doc::new(&a));
        let mentions = |name: &str| es.iter().find(|e| e.name == name).map(|e| e.mentions);
        assert_eq!(mentions("Quillfire Systems"), Some(2), "{es:?}");
        assert_eq!(mentions("Continental Security Concord"), Some(2), "{es:?}");
        assert_eq!(mentions("Quillfire"), None, "{es:?}");
        assert_eq!(mentions("Kessel Party"), Some(2), "{es:?}");
        // Of the bodies that fit, the one mentioned last.
        assert_eq!(mentions("Bank of Valdoria"), Some(2), "{es:?}");
    }

    #[test]
    fn a_name_whose_last_word_is_a_body_is_an_organisation() {
        let ks = kinds(&[
            "Republicans said the Justice Department mishandled the case, and the Supreme Court agreed.",
            "A staffer at the State Department and a dean of the University of Michigan spoke to the Board of Education.",
            "Later the Times said the deal was off.",
        ]);
        assert_eq!(kind_of(&ks, "Times"), Some(EntityKind::Organisation), "{ks:?}");
        let bodies = [
            "Justice Department",
            "Supreme Court",
            "State Department",
            "University of Michigan",
            "Board of Education",
        ];
        assert_kinds(&ks, &bodies, EntityKind::Organisation);
        assert!(ks.iter().all(|(n, _)| n != "Department" && n != "Court"), "{ks:?}");
    }

    #[test]
    fn places_by_their_shape() {
        let ks = kinds(&[
            "Crowds gathered at Bank of America Stadium and on Wall Street, then marched to Capitol Hill.",
            "Flights left Fort Wayne for Mexico City and the Marshall Islands, far from South Asia.",
        ]);
        let places = [
            "Bank of America Stadium",
            "Wall Street",
            "Capitol Hill",
            "Fort Wayne",
            "Mexico City",
            "Marshall Islands",
        ];
        assert_kinds(&ks, &places, EntityKind::Place);
        assert!(ks.iter().all(|(_, k)| *k != EntityKind::Person), "{ks:?}");
    }

    #[test]
    fn laws_events_and_slogans_are_no_people() {
        let ks = kinds(&[
            "The Clean Air Act and the Fifth Amendment came up before Labor Day, as did the Iraq War.",
            "Supporters of Black Lives Matter marched, and the matter was rated Mostly True by the fact checkers, who found it true.",
        ]);
        assert_kinds(&ks, &["Clean Air Act", "Fifth Amendment", "Labor Day", "Iraq War"], EntityKind::Other);
        assert!(ks.iter().all(|(_, k)| *k != EntityKind::Person), "{ks:?}");
    }

    #[test]
    fn a_team_is_an_organisation_and_a_party_member_no_person() {
        let ks = kinds(&[
            "The Charlotte Panthers hosted the Minnesota Vikings on Sunday.",
            "Senator Patrick Leahy, a Democrat of Vermont, and a New York Republican disagreed.",
        ]);
        assert_eq!(kind_of(&ks, "Charlotte Panthers"), Some(EntityKind::Organisation), "{ks:?}");
        assert_eq!(kind_of(&ks, "Minnesota Vikings"), Some(EntityKind::Organisation), "{ks:?}");
        assert_eq!(kind_of(&ks, "Patrick Leahy"), Some(EntityKind::Person), "{ks:?}");
        assert!(ks.iter().filter(|(_, k)| *k == EntityKind::Person).count() == 1, "{ks:?}");
    }

    #[test]
    fn headings_in_capitals_name_nothing_unless_known() {
        let ks = kinds(&["FULL TEXT", "LOS ANGELES — The mayor of Los Angeles spoke on TV at 9 p.m. EDT."]);
        assert_eq!(kind_of(&ks, "Los Angeles"), Some(EntityKind::Place), "{ks:?}");
        assert!(ks.iter().all(|(n, _)| !matches!(n.as_str(), "FULL TEXT" | "TV" | "EDT")), "{ks:?}");
    }

    #[test]
    fn people_with_initials_titles_and_home_states() {
        let a = article(&[
            "House Speaker Paul D. Ryan and Oversight Chairman Jason Chaffetz met Gov. Earl Ray Tomblin of West Virginia.",
            "Ryan said the talks went well. Rep. Jim Jordan agreed. Jordan said so twice.",
            "\"WALLACE: Do you agree?",
            "\"CHAFFETZ: I do, Chris.",
        ]);
        let es = entities(&Doc::new(&a));
        let ryan = find_entity(&es, "Paul D. Ryan");
        assert_eq!((ryan.kind, ryan.mentions), (EntityKind::Person, 2), "{es:#?}");
        let chaffetz = find_entity(&es, "Jason Chaffetz");
        assert_eq!(
            (chaffetz.kind, chaffetz.mentions),
            (EntityKind::Person, 2),
            "the capitals name him: {es:#?}"
        );
        assert_eq!(find_entity(&es, "Earl Ray Tomblin").kind, EntityKind::Person);
        assert_eq!(find_entity(&es, "West Virginia").kind, EntityKind::Place);
        let jordan = find_entity(&es, "Jim Jordan");
        assert_eq!(jordan.mentions, 2, "`Jordan said` is the congressman, not the country: {es:#?}");
        assert!(es.iter().all(|e| e.name != "Jordan"), "{es:#?}");
    }

    #[test]
    fn a_place_no_gazetteer_holds_is_known_by_its_adjective() {
        let a = article(&[
            "The battle Valdoria says was fought at the pass is disputed.",
            "The Valdorian government’s version is the most dramatic; Kardovia’s is the simplest.",
            "No Kardovian unit crossed the border, and Christian groups sent aid.",
        ]);
        let es = entities(&Doc::new(&a));
        let valdoria = find_entity(&es, "Valdoria");
        assert_eq!((valdoria.kind, valdoria.mentions), (EntityKind::Place, 2), "{es:#?}");
        let kardovia = find_entity(&es, "Kardovia");
        assert_eq!((kardovia.kind, kardovia.mentions), (EntityKind::Place, 2), "{es:#?}");
        // An adjective whose place the article never names makes none.
        assert!(es.iter().all(|e| e.name != "Christia"), "{es:#?}");
    }

    #[test]
    fn a_run_of_names_after_a_lower_case_the_is_a_body() {
        let ks = kinds(&[
            "The fourth belongs to the Continental Security Concord, whose observers watch the valley.",
            "It was the Donald Trump who won.",
        ]);
        assert_kinds(&ks, &["Continental Security Concord"], EntityKind::Organisation);
        // A first name still opens a person's name.
        assert_kinds(&ks, &["Donald Trump"], EntityKind::Person);
    }
}
