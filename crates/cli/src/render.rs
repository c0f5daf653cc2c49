//! Articles as Markdown and as plain text, for people to read.

use std::fmt::Write;

use newsbite_model::{Analysis, Article, Block, EntityKind};

/// The article as Markdown: headline, metadata line, then what NewsBite understood of it (the
/// bite, key figures, who said what, who and what is mentioned), then the article itself.
pub fn markdown(a: &Article, analysis: Option<&Analysis>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", a.headline);
    let meta = meta_line(a);
    if !meta.is_empty() {
        let _ = writeln!(out, "*{meta}*\n");
    }
    if let Some(analysis) = analysis {
        analysis_markdown(&mut out, a, analysis);
        out.push_str("## The article\n\n");
    }
    if let Some(s) = &a.standfirst {
        let _ = writeln!(out, "**{s}**\n");
    }
    for block in &a.blocks {
        match block {
            Block::Paragraph { text } => {
                let _ = writeln!(out, "{text}\n");
            }
            Block::Heading { text, level } => {
                let _ = writeln!(out, "{} {text}\n", "#".repeat(usize::from((*level).clamp(2, 6))));
            }
            Block::Teaser { text } => {
                let _ = writeln!(out, "> *{text}*\n");
            }
            Block::Caption { text, credit } => {
                let _ = match credit {
                    Some(c) => writeln!(out, "*[Picture] {text}* ({c})\n"),
                    None => writeln!(out, "*[Picture] {text}*\n"),
                };
            }
            Block::List { ordered, items } => {
                for (i, item) in items.iter().enumerate() {
                    let _ =
                        if *ordered { writeln!(out, "{}. {item}", i + 1) } else { writeln!(out, "- {item}") };
                }
                out.push('\n');
            }
            Block::Quote { text } => {
                let _ = writeln!(out, "> {text}\n");
            }
            Block::Table { rows } => {
                for (i, row) in rows.iter().enumerate() {
                    let _ = writeln!(out, "| {} |", row.join(" | "));
                    if i == 0 {
                        let _ = writeln!(out, "|{}", " --- |".repeat(row.len()));
                    }
                }
                out.push('\n');
            }
        }
    }
    if let Some(url) = &a.url {
        let _ = writeln!(out, "[Original]({url})");
    }
    out
}

fn analysis_markdown(out: &mut String, article: &Article, an: &Analysis) {
    if !an.bite.is_empty() {
        out.push_str("## The bite\n\n");
        let text: Vec<&str> = an.bite.iter().map(|s| s.text.as_str()).collect();
        let _ = writeln!(out, "{}\n", text.join(" "));
    }
    if !an.figures.is_empty() {
        out.push_str("## Key figures\n\n");
        for f in &an.figures {
            // As the story and the digest show them: with the unit, and no colon before nothing.
            let _ = writeln!(out, "- {}", newsbite_library::view::figure_markdown(f));
        }
        out.push('\n');
    }
    if !an.quotes.is_empty() {
        out.push_str("## Who said what\n\n");
        let words = newsbite_library::view::ArticleWords::new(article, an);
        for q in newsbite_library::view::listed_quotes(&an.quotes) {
            let who = q.speaker.as_ref().map_or("(unattributed)", |s| s.name.as_str());
            let _ = writeln!(out, "- {}", newsbite_library::view::quote_markdown(who, q, &words));
        }
        out.push('\n');
    }
    let mut named: Vec<String> = Vec::new();
    for (kind, label) in [
        (EntityKind::Person, "People"),
        (EntityKind::Organisation, "Organisations"),
        (EntityKind::Place, "Places"),
    ] {
        let names: Vec<String> = an
            .entities
            .iter()
            .filter(|e| e.kind == kind)
            .take(8)
            .map(|e| format!("{} ({})", e.name, e.mentions))
            .collect();
        if !names.is_empty() {
            named.push(format!("- {label}: {}", names.join(", ")));
        }
    }
    if !named.is_empty() {
        let _ = writeln!(out, "## Mentioned\n\n{}\n", named.join("\n"));
    }
}

/// The article as plain text: the headline, the standfirst and the body, one block a paragraph.
pub fn text(a: &Article) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", a.headline);
    if let Some(s) = &a.standfirst {
        let _ = writeln!(out, "{s}\n");
    }
    for block in &a.blocks {
        let _ = writeln!(out, "{}\n", block.text());
    }
    if let Some(url) = &a.url {
        let _ = writeln!(out, "{url}");
    }
    out
}

fn meta_line(a: &Article) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(p) = a.site_name.as_ref().or(a.publisher.as_ref()) {
        parts.push(p.clone());
    }
    if !a.byline.is_empty() {
        parts.push(format!("by {}", a.byline.join(", ")));
    }
    if let Some(t) = &a.published {
        let when = match t.precision {
            newsbite_model::Precision::Date => t.at.format("%Y-%m-%d").to_string(),
            newsbite_model::Precision::Time => t.at.format("%Y-%m-%d %H:%M %:z").to_string(),
        };
        let guessed = if t.provenance == newsbite_model::Provenance::Inferred { " (inferred)" } else { "" };
        parts.push(format!("{when}{guessed}"));
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_shows_every_kind_of_block() {
        let mut a = Article::new("Head");
        a.standfirst = Some("Stand.".into());
        a.publisher = Some("example.com".into());
        a.blocks = vec![
            Block::Paragraph { text: "Para.".into() },
            Block::Heading { text: "Sub".into(), level: 2 },
            Block::Caption { text: "Cap.".into(), credit: Some("AFP".into()) },
            Block::List { ordered: true, items: vec!["a".into(), "b".into()] },
        ];
        let md = markdown(&a, None);
        assert!(md.starts_with("# Head\n\n*example.com*\n\n**Stand.**\n\nPara.\n\n## Sub\n"), "{md}");
        assert!(md.contains("*[Picture] Cap.* (AFP)"));
        assert!(md.contains("1. a\n2. b\n"));
    }

    #[test]
    fn figures_show_their_unit_and_no_colon_before_nothing() {
        let figure = |value: &str, unit: Option<&str>, about: &str| newsbite_model::Figure {
            value: value.into(),
            number: None,
            unit: unit.map(Into::into),
            about: about.into(),
            text: value.into(),
            span: newsbite_model::Span { part: newsbite_model::Part::Block(0), start: 0, end: 1 },
        };
        let mut an = newsbite_analyze::analyze(&Article::new("Head"));
        an.figures = vec![
            figure("three million", Some("roubles"), "government is offering bonuses"),
            figure("41", Some("%"), "vote"),
            figure("Two days", None, ""),
        ];
        let md = markdown(&Article::new("Head"), Some(&an));
        assert!(md.contains("- **three million roubles**: government is offering bonuses\n"), "{md}");
        assert!(md.contains("- **41%**: vote\n"), "{md}");
        assert!(md.contains("- **Two days**\n"), "{md}");
    }
}
