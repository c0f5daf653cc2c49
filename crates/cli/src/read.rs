//! `newsbite read`: print the reading of files, folders or standard input.

use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressStyle};
use newsbite_extract::Reading;
use newsbite_model::{Analysis, Article};
use serde::Serialize;

use crate::{files, render};

/// How `read` prints an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// JSON: one object per input (`{"input", "article", "analysis", "warnings"}`), one per line for many
    /// inputs. The default when standard output is not a terminal.
    Json,
    /// Markdown for reading. The default on a terminal.
    Md,
    /// Plain text: headline, standfirst, blocks.
    Text,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders to read; `-` reads standard input. A folder is read whole, recursively:
    /// files ending in .txt, .text, .html, .htm or with no ending (hidden files are skipped).
    #[arg(required = true, value_name = "PATH|-")]
    paths: Vec<PathBuf>,
    /// Output format [default: md on a terminal, json otherwise].
    #[arg(long, short, value_enum)]
    format: Option<Format>,
    /// Indent JSON (the default for a single input on a terminal).
    #[arg(long)]
    pretty: bool,
    /// Print only the reading, without the analysis (bite, quotes, figures, entities).
    #[arg(long)]
    no_analysis: bool,
}

/// One line of `read --format json`: which input, its article, and the reader's warnings.
#[derive(Serialize)]
struct Output<'a> {
    input: &'a str,
    article: &'a Article,
    #[serde(skip_serializing_if = "Option::is_none")]
    analysis: Option<&'a Analysis>,
    warnings: Vec<String>,
}

/// Where one input comes from.
enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(path) => path.display().to_string(),
        }
    }

    fn bytes(&self) -> io::Result<Vec<u8>> {
        match self {
            Input::Stdin => {
                let mut buf = Vec::new();
                io::stdin().lock().read_to_end(&mut buf)?;
                Ok(buf)
            }
            Input::File(path) => std::fs::read(path),
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let stdout_is_terminal = io::stdout().is_terminal();
    let format = args.format.unwrap_or(if stdout_is_terminal { Format::Md } else { Format::Json });

    let mut failed = 0usize;
    let mut inputs = Vec::new();
    let mut skipped = 0usize;
    let mut walked_a_folder = false;
    for path in &args.paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            walked_a_folder = true;
            let mut files = Vec::new();
            let walked = files::walk(path, &mut files, files::READABLE, &mut skipped);
            inputs.extend(files.into_iter().map(Input::File));
            if let Err(e) = walked {
                eprintln!("newsbite: {}: cannot list the folder: {e}", path.display());
                failed += 1;
            }
        } else {
            inputs.push(Input::File(path.clone()));
        }
    }
    let many = walked_a_folder || inputs.len() > 1;
    let pretty = args.pretty || (!many && stdout_is_terminal);

    let progress = if many { ProgressBar::new(inputs.len() as u64) } else { ProgressBar::hidden() };
    progress.set_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} [{elapsed_precise}] {wide_bar} {per_sec}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );

    let mut out = io::BufWriter::new(io::stdout().lock());
    for input in &inputs {
        progress.inc(1);
        let name = input.name();
        let reading = input
            .bytes()
            .map_err(|e| e.to_string())
            .and_then(|bytes| newsbite_extract::read(&bytes).map_err(|e| e.to_string()));
        match reading {
            Ok(reading) => {
                for w in &reading.warnings {
                    progress.suspend(|| eprintln!("newsbite: {name}: warning: {w}"));
                }
                let analysis = (!args.no_analysis).then(|| newsbite_analyze::analyze(&reading.article));
                let output = Output {
                    input: &name,
                    article: &reading.article,
                    analysis: analysis.as_ref(),
                    warnings: Vec::new(),
                };
                let written = write_reading(&mut out, output, &reading, format, pretty, many);
                if let Err(e) = written {
                    if e.kind() == io::ErrorKind::BrokenPipe {
                        return Ok(ExitCode::SUCCESS);
                    }
                    return Err(e).context("cannot write to standard output");
                }
            }
            Err(reason) => {
                failed += 1;
                progress.suspend(|| eprintln!("newsbite: {name}: cannot read: {reason}"));
            }
        }
    }
    progress.finish_and_clear();
    match out.flush() {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            return Err(e).context("cannot write to standard output")
        }
        _ => {}
    }
    if skipped > 0 {
        eprintln!(
            "newsbite: skipped {skipped} file(s) whose names do not end in .{}",
            files::READABLE.join(", .")
        );
    }
    if failed > 0 {
        eprintln!("newsbite: {failed} of {} input(s) failed", inputs.len().max(failed));
        return Ok(ExitCode::from(crate::EXIT_SOME_FAILED));
    }
    Ok(ExitCode::SUCCESS)
}

fn write_reading(
    out: &mut impl Write,
    mut output: Output<'_>,
    reading: &Reading,
    format: Format,
    pretty: bool,
    many: bool,
) -> io::Result<()> {
    match format {
        Format::Json => {
            output.warnings = reading.warnings.iter().map(ToString::to_string).collect();
            let value = output;
            if pretty {
                serde_json::to_writer_pretty(&mut *out, &value)?;
            } else {
                serde_json::to_writer(&mut *out, &value)?;
            }
            writeln!(out)
        }
        Format::Md | Format::Text => {
            if many {
                writeln!(out, "<!-- {} -->", output.input)?;
            }
            let body = if format == Format::Md {
                render::markdown(&reading.article, output.analysis)
            } else {
                render::text(&reading.article)
            };
            out.write_all(body.as_bytes())?;
            if many {
                writeln!(out, "\n---\n")?;
            }
            Ok(())
        }
    }
}
