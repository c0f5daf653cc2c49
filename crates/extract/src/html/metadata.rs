//! The facts a page states about its article: headline, byline, times, canonical URL, site name,
//! language, description and lead image.
//!
//! Sources, most trusted first: JSON-LD (`NewsArticle` and its kin, also inside `@graph`), then
//! `<meta>` (OpenGraph `og:*`, `article:*`, Dublin Core, the common `name=` ones), then the
//! markup (`<time datetime>`, `rel=author`, `itemprop`, byline classes, `<h1>`, `<title>`), then
//! the URL (a date in its path). Every time says which it came from ([`Timestamp::source`]).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use newsbite_model::{Precision, Provenance, Timestamp};
use serde_json::Value;

use super::dom::{contains_ci, Attr, Dom, Tag};
use super::text;

/// JSON-LD types that hold an article.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "Report",
    "ScholarlyArticle",
    "TechArticle",
    "SocialMediaPosting",
];

/// Metadata gathered from a page, before it is put into an article.
#[derive(Debug, Default)]
pub(crate) struct Meta {
    pub headline: Option<String>,
    pub title: Option<String>,
    pub h1: Option<String>,
    pub byline: Vec<String>,
    pub published: Option<Timestamp>,
    pub modified: Option<Timestamp>,
    pub canonical: Option<String>,
    pub site_name: Option<String>,
    pub description: Option<String>,
    pub image: Option<String>,
    pub language: Option<String>,
}

#[derive(Default)]
struct Found {
    metas: Vec<(String, String)>,
    title: Option<String>,
    canonical: Option<String>,
    lang: Option<String>,
    json_ld: Vec<Value>,
    times: Vec<(String, bool)>,
    authors: Vec<String>,
    h1: Option<String>,
}

/// Reads the page's metadata. `url` is where the page was fetched from.
pub(crate) fn collect(dom: &Dom, url: Option<&str>) -> Meta {
    let f = scan(dom);
    let meta_get = |keys: &[&str]| -> Option<&str> {
        keys.iter().find_map(|k| {
            f.metas.iter().find(|(name, v)| name == k && !v.trim().is_empty()).map(|(_, v)| v.trim())
        })
    };
    let article_ld = f.json_ld.iter().find_map(find_article);

    let mut m = Meta::default();
    let ld_str = |key: &str| article_ld.and_then(|a| a.get(key)).and_then(value_text).map(|s| clean(&s));

    m.headline = ld_str("headline")
        .or_else(|| {
            meta_get(&["og:title", "twitter:title", "title", "sailthru.title", "parsely-title"]).map(clean)
        })
        .filter(|s| !s.is_empty());
    m.title = f.title.as_deref().map(clean).filter(|s| !s.is_empty());
    m.h1 = f.h1.clone();

    // Canonical URL.
    let base = url;
    m.canonical = f
        .canonical
        .as_deref()
        .and_then(|c| absolute(base, c))
        .or_else(|| meta_get(&["og:url"]).and_then(|c| absolute(base, c)))
        .filter(|u| crate::site::is_web_url(u))
        .or_else(|| url.filter(|u| crate::site::is_web_url(u)).map(str::to_string));

    // Times.
    let ld_time = |key: &str| {
        article_ld
            .and_then(|a| a.get(key))
            .and_then(value_text)
            .and_then(|s| stamp(&s, Provenance::Found, "json-ld"))
    };
    let meta_time = |keys: &[&str]| meta_get(keys).and_then(|s| stamp(s, Provenance::Found, "meta"));
    m.published = ld_time("datePublished")
        .or_else(|| ld_time("dateCreated"))
        .or_else(|| {
            meta_time(&[
                "article:published_time",
                "og:article:published_time",
                "article:published",
                "datepublished",
                "published_time",
                "pubdate",
                "publishdate",
                "publish-date",
                "publish_date",
                "parsely-pub-date",
                "sailthru.date",
                "dc.date.issued",
                "dcterms.issued",
                "dc.date",
                "dcterms.created",
                "dc.date.created",
                "date",
                "citation_publication_date",
                "originalpublicationdate",
                "article.published",
                "cxenseparse:recs:publishtime",
            ])
        })
        .or_else(|| {
            let best = f.times.iter().find(|(_, strong)| *strong).or_else(|| f.times.first());
            best.and_then(|(t, _)| stamp(t, Provenance::Found, "time-element"))
        })
        .or_else(|| m.canonical.as_deref().and_then(crate::dates::from_url))
        .or_else(|| url.and_then(crate::dates::from_url));
    m.modified = ld_time("dateModified").or_else(|| {
        meta_time(&[
            "article:modified_time",
            "og:updated_time",
            "article:modified",
            "datemodified",
            "dcterms.modified",
            "dc.date.modified",
            "last-modified",
            "lastmod",
        ])
    });

    // Byline: people only.
    let mut names: Vec<String> = Vec::new();
    if let Some(author) = article_ld.and_then(|a| a.get("author")) {
        ld_people(author, &mut names);
    }
    if names.is_empty() {
        for key in [
            "author",
            "article:author",
            "byl",
            "parsely-author",
            "sailthru.author",
            "dc.creator",
            "citation_author",
        ] {
            for (k, v) in &f.metas {
                if k == key && !v.contains("://") {
                    names.extend(text::byline_names(&clean(v)));
                }
            }
            if !names.is_empty() {
                break;
            }
        }
    }
    if names.is_empty() {
        for a in &f.authors {
            names.extend(text::byline_names(a));
            if !names.is_empty() {
                break;
            }
        }
    }
    let mut seen = Vec::new();
    names.retain(|n| {
        let k = n.to_lowercase();
        let new = !seen.contains(&k);
        seen.push(k);
        new
    });

    m.site_name = meta_get(&["og:site_name", "application-name", "apple-mobile-web-app-title"])
        .map(clean)
        .or_else(|| {
            article_ld
                .and_then(|a| a.get("publisher"))
                .and_then(|p| p.get("name"))
                .and_then(value_text)
                .map(|s| clean(&s))
        })
        .filter(|s| !s.is_empty());
    if let Some(site) = &m.site_name {
        let site = site.to_lowercase();
        names.retain(|n| n.to_lowercase() != site);
    }
    m.byline = names;

    m.description = meta_get(&["description", "og:description", "twitter:description"])
        .map(clean)
        .or_else(|| ld_str("description"))
        .filter(|s| !s.is_empty());
    m.image =
        meta_get(&["og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"])
            .and_then(|u| absolute(base, u))
            .or_else(|| {
                article_ld.and_then(|a| a.get("image")).and_then(ld_image).and_then(|u| absolute(base, &u))
            });

    m.language = f.lang.as_deref().and_then(primary_language).or_else(|| {
        meta_get(&["content-language", "og:locale", "language", "dc.language"]).and_then(primary_language)
    });
    m
}

fn scan(dom: &Dom) -> Found {
    let mut f = Found::default();
    let mut in_body = false;
    for i in 0..dom.nodes.len() {
        let Some(e) = dom.elem(i) else { continue };
        match e.tag {
            Tag::Html => f.lang = dom.attr_of(e, Attr::Lang).map(str::to_string),
            Tag::Body => in_body = true,
            Tag::Title if f.title.is_none() && !in_body => f.title = Some(dom.subtree_text(i)),
            Tag::Meta => {
                let key = dom
                    .attr_of(e, Attr::Property)
                    .or_else(|| dom.attr_of(e, Attr::Name))
                    .or_else(|| dom.attr_of(e, Attr::Itemprop))
                    .or_else(|| dom.attr_of(e, Attr::HttpEquiv));
                if let (Some(key), Some(content)) = (key, dom.attr_of(e, Attr::Content)) {
                    if f.metas.len() < 500 {
                        f.metas.push((key.trim().to_ascii_lowercase(), content.to_string()));
                    }
                }
            }
            Tag::Link => {
                let rel = dom.attr_of(e, Attr::Rel).unwrap_or("");
                if f.canonical.is_none()
                    && rel.split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    f.canonical = dom.attr_of(e, Attr::Href).map(str::to_string);
                }
            }
            Tag::JsonLd if f.json_ld.len() < 20 => {
                let raw = dom.subtree_text_raw(i);
                if let Some(v) = parse_json_ld(&raw) {
                    f.json_ld.push(v);
                }
            }
            Tag::Time if f.times.len() < 20 => {
                let dt =
                    dom.attr_of(e, Attr::Datetime).map(str::to_string).unwrap_or_else(|| dom.subtree_text(i));
                let strong = dom.attr_of(e, Attr::Pubdate).is_some()
                    || dom.attr_of(e, Attr::Itemprop).is_some_and(|p| p.contains("datePublished"))
                    || dom.attr_of(e, Attr::Class).is_some_and(|c| {
                        let c = c.to_ascii_lowercase();
                        c.contains("publish") || c.contains("pubdate")
                    });
                f.times.push((dt, strong));
            }
            Tag::H(1) if f.h1.is_none() && in_body => {
                let t = dom.subtree_text(i);
                if !t.is_empty() {
                    f.h1 = Some(t);
                }
            }
            _ => {}
        }
        if in_body && f.authors.len() < 10 {
            let is_author = dom.attr_of(e, Attr::Rel).is_some_and(|r| r.contains("author"))
                || dom.attr_of(e, Attr::Itemprop).is_some_and(|p| p == "author" || p == "creator")
                || dom.attr_of(e, Attr::Class).is_some_and(|c| {
                    contains_ci(c, "byline") || contains_ci(c, "author-name") || contains_ci(c, "authorname")
                });
            if is_author {
                let t = dom.subtree_text(i);
                if !t.is_empty() && t.len() < 200 {
                    f.authors.push(t);
                }
            }
        }
    }
    f
}

fn parse_json_ld(raw: &str) -> Option<Value> {
    let s = raw.trim();
    let s = s.strip_prefix("<!--").unwrap_or(s);
    let s = s.strip_suffix("-->").unwrap_or(s);
    let s = s.trim().strip_prefix("//<![CDATA[").unwrap_or(s.trim());
    let s = s.strip_suffix("//]]>").unwrap_or(s).trim();
    serde_json::from_str(s).ok()
}

/// The first object whose `@type` is an article type, anywhere in a JSON-LD value (searched
/// without recursion, and only so far).
fn find_article(v: &Value) -> Option<&Value> {
    let mut stack = vec![v];
    let mut seen = 0;
    while let Some(v) = stack.pop() {
        seen += 1;
        if seen > 2000 {
            break;
        }
        match v {
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::Object(map) => {
                let is_article = match map.get("@type") {
                    Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
                    Some(Value::Array(ts)) => {
                        ts.iter().any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t)))
                    }
                    _ => false,
                };
                if is_article {
                    return Some(v);
                }
                for key in ["@graph", "mainEntity", "mainEntityOfPage", "itemListElement"] {
                    if let Some(inner) = map.get(key) {
                        stack.push(inner);
                    }
                }
            }
            _ => {}
        }
    }
    None
}

fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => items.iter().find_map(value_text),
        Value::Object(map) => map.get("name").or_else(|| map.get("@value")).and_then(value_text),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn ld_people(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.extend(text::byline_names(&clean(s))),
        Value::Array(items) => {
            for item in items.iter().take(20) {
                if let Value::Array(_) = item {
                    continue;
                }
                ld_people(item, out);
            }
        }
        Value::Object(map) => {
            let org = map.get("@type").and_then(Value::as_str).is_some_and(|t| t != "Person");
            if let (false, Some(Value::String(name))) = (org, map.get("name")) {
                let name = clean(name);
                if text::is_person_name(&name) {
                    out.push(name);
                } else {
                    out.extend(text::byline_names(&name));
                }
            }
        }
        _ => {}
    }
}

fn ld_image(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => items.iter().find_map(ld_image),
        Value::Object(map) => map.get("url").or_else(|| map.get("contentUrl")).and_then(ld_image),
        _ => None,
    }
}

/// White space folded, HTML entities that survived double-escaping decoded.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    super::dom::push_folded(&mut out, s);
    let out = out.trim();
    if out.contains('&') {
        out.replace("&amp;", "&")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&#039;", "'")
            .replace("&rsquo;", "’")
    } else {
        out.to_string()
    }
}

/// `en-US` or `en_GB` to `en`; something that is not a language tag to `None`.
fn primary_language(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    ((2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase())).then_some(primary)
}

/// Resolves a link against the page's URL; an absolute web URL stays as it is.
pub(crate) fn absolute(base: Option<&str>, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    if let Ok(u) = url::Url::parse(href) {
        return matches!(u.scheme(), "http" | "https").then(|| u.to_string());
    }
    let base = url::Url::parse(base?).ok()?;
    let u = base.join(href).ok()?;
    matches!(u.scheme(), "http" | "https").then(|| u.to_string())
}

/// A timestamp from a date string in one of the forms pages use.
pub(crate) fn stamp(s: &str, provenance: Provenance, source: &str) -> Option<Timestamp> {
    let (at, precision) = parse_date(s)?;
    Some(Timestamp { at, precision, provenance, source: Some(source.to_string()) })
}

/// Parses ISO 8601 / RFC 3339 (with or without offset, `Z`, fractions, `+0000`), RFC 2822, and
/// bare dates (`2024-11-26`, `2024/11/26`, `20241126`). Times without an offset are taken as UTC.
pub(crate) fn parse_date(s: &str) -> Option<(DateTime<FixedOffset>, Precision)> {
    let s = s.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return plausible(t, Precision::Time);
    }
    let z = if let Some(rest) = s.strip_suffix('Z').or_else(|| s.strip_suffix('z')) {
        format!("{rest}+00:00")
    } else {
        s.to_string()
    };
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S %z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(&z, f) {
            return plausible(t, Precision::Time);
        }
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return plausible(Utc.from_utc_datetime(&t).fixed_offset(), Precision::Time);
        }
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return plausible(t, Precision::Time);
    }
    for f in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%d.%m.%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return plausible(
                Utc.from_utc_datetime(&d.and_time(chrono::NaiveTime::MIN)).fixed_offset(),
                Precision::Date,
            );
        }
    }
    // A longer string that starts with an ISO date (`2024-11-26T10:00:00.000+0000 EST`).
    if s.len() > 10 && s.is_char_boundary(10) {
        if let Ok(d) = NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d") {
            return plausible(
                Utc.from_utc_datetime(&d.and_time(chrono::NaiveTime::MIN)).fixed_offset(),
                Precision::Date,
            );
        }
    }
    None
}

fn plausible(t: DateTime<FixedOffset>, p: Precision) -> Option<(DateTime<FixedOffset>, Precision)> {
    use chrono::Datelike;
    (1990..=2100).contains(&t.year()).then_some((t, p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_date_forms() {
        let d = |s: &str| parse_date(s).map(|(t, p)| (t.to_rfc3339(), p));
        assert_eq!(d("2024-11-26T10:00:00Z"), Some(("2024-11-26T10:00:00+00:00".into(), Precision::Time)));
        assert_eq!(
            d("2024-11-26T10:00:00.123+0100").map(|x| x.0),
            Some("2024-11-26T10:00:00.123+01:00".into())
        );
        assert_eq!(d("2024-11-26 10:00:00"), Some(("2024-11-26T10:00:00+00:00".into(), Precision::Time)));
        assert_eq!(d("2024-11-26"), Some(("2024-11-26T00:00:00+00:00".into(), Precision::Date)));
        assert_eq!(d("Tue, 26 Nov 2024 10:00:00 +0000").map(|x| x.1), Some(Precision::Time));
        assert_eq!(d("yesterday"), None);
        assert_eq!(d("0001-01-01T00:00:00Z"), None);
    }

    #[test]
    fn resolves_links() {
        assert_eq!(absolute(Some("https://x.com/a/b"), "/c").as_deref(), Some("https://x.com/c"));
        assert_eq!(absolute(None, "https://y.com/").as_deref(), Some("https://y.com/"));
        assert_eq!(absolute(None, "/c"), None);
        assert_eq!(absolute(None, "javascript:void(0)"), None);
    }

    #[test]
    fn language_tags() {
        assert_eq!(primary_language("en-US").as_deref(), Some("en"));
        assert_eq!(primary_language("pt_BR").as_deref(), Some("pt"));
        assert_eq!(primary_language("{{lang}}"), None);
    }
}
