//! `newsbite-eval`: measures NewsBite on the shared evaluation data.

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "newsbite-eval", about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {}
}
