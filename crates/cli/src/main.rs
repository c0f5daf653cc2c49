//! `newsbite`: the command-line face of NewsBite.
//!
//! The binary is thin: it parses arguments, reads files, calls the library crates and prints.
//! Exit codes: 0 all went well, 1 some inputs failed (each named on stderr), 2 usage error.

mod read;
mod render;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// NewsBite: a self-hosted news digest engine.
#[derive(Debug, Parser)]
#[command(name = "newsbite", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read articles (NewsBite records, plain-text articles) and print their reading.
    Read(read::Args),
}

/// Exit code when some inputs could not be read.
pub const EXIT_SOME_FAILED: u8 = 1;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Read(args) => read::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("newsbite: error: {err:#}");
            ExitCode::from(EXIT_SOME_FAILED)
        }
    }
}
