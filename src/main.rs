//! The `claimcheck` command line.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use claimcheck::baseline::Baseline;
use claimcheck::config::{check_selector, Config};
use claimcheck::finding::Severity;
use claimcheck::report::{self, Format, RenderOptions};
use claimcheck::rules::{self, RULES};
use claimcheck::scan::{scan, ScanOptions, ScanResult};

#[derive(Parser)]
#[command(
    name = "claimcheck",
    version,
    about = "Finds JWT and DynamoDB authorisation mistakes in Express.js code",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    check: CheckArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Scan files and folders (the default command).
    Check(CheckArgs),
    /// List every rule with its severity and summary.
    Rules {
        /// Print the table as Markdown (as in the README).
        #[arg(long)]
        markdown: bool,
    },
    /// Show a rule's full documentation.
    Explain {
        /// The rule id, e.g. jwt/missing-algorithms.
        rule: String,
    },
}

#[derive(Args, Clone)]
struct CheckArgs {
    /// Files or folders to scan.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Exit with 1 only for findings at or above this severity.
    #[arg(long, value_enum, default_value = "low")]
    fail_on: FailOn,
    /// Exit with 0 even when there are findings.
    #[arg(long)]
    exit_zero: bool,
    /// Only run these rules (ids or families such as `jwt/`; comma-separated or repeated).
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Do not run these rules (ids or families).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Use this config file instead of searching for claimcheck.toml.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Do not honour .gitignore, and include hidden folders and node_modules.
    #[arg(long)]
    no_ignore: bool,
    /// Parse and analyse every file, not only those the lexical prefilter finds can hold a
    /// finding (the findings are the same; this is for checking that, and for timing).
    #[arg(long)]
    no_prefilter: bool,
    /// Benchmark baseline: read and parse every file, analyse nothing, print the file count.
    #[arg(long, hide = true)]
    parse_only: bool,
    /// Worker threads (default: one per core).
    #[arg(short, long)]
    jobs: Option<usize>,
    /// Print counts per rule, skipped files with reasons and unexplained suppressions.
    #[arg(long)]
    statistics: bool,
    /// Report suppression comments that suppress nothing.
    #[arg(long)]
    report_unused_disable_directives: bool,
    /// Report only findings that this baseline file does not record.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file (then exit 0).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// Print only findings: no summary, no notices.
    #[arg(short, long)]
    quiet: bool,
    /// When to use colours in human output.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FailOn {
    Low,
    Medium,
    High,
    Critical,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Some(Command::Rules { markdown }) => print_rules(markdown),
        Some(Command::Explain { rule }) => explain(&rule),
        Some(Command::Check(args)) => check(&args),
        None => check(&cli.check),
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("claimcheck: error: {message}");
            ExitCode::from(2)
        }
    }
}

fn check(args: &CheckArgs) -> Result<u8, String> {
    for selector in args.select.iter().chain(&args.ignore) {
        check_selector(selector)?;
    }
    if args.jobs == Some(0) {
        return Err("--jobs must be at least 1".into());
    }
    let config = match &args.config {
        Some(path) => Config::load(path)?,
        None => match args.paths.first().and_then(|p| Config::discover(p)) {
            Some(found) => Config::load(&found)?,
            None => Config::default(),
        },
    };
    let options = ScanOptions {
        paths: args.paths.clone(),
        no_ignore: args.no_ignore,
        jobs: args.jobs,
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        baseline: args.baseline.clone(),
        project_context: true,
        no_prefilter: args.no_prefilter,
    };
    if args.parse_only {
        let (parsed, skipped) = claimcheck::scan::parse_only(&options, &config)?;
        println!("parsed {parsed} file(s), skipped {skipped}");
        return Ok(0);
    }
    let result = scan(&options, &config)?;
    if let Some(path) = &args.write_baseline {
        let baseline = Baseline::of(&result.findings, &result.files);
        baseline.write(path)?;
        if !args.quiet {
            eprintln!(
                "claimcheck: wrote {} finding(s) to baseline {}",
                baseline.findings.len(),
                path.display()
            );
        }
        return Ok(0);
    }
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let render_options = RenderOptions {
        color,
        statistics: args.statistics,
        report_unused_directives: args.report_unused_disable_directives,
    };
    let mut rendered = report::render(&result, args.format, render_options);
    if args.quiet && args.format == Format::Human {
        let summary = report::human::summary(&result);
        if rendered.ends_with(&summary) {
            rendered.truncate(rendered.len() - summary.len());
        }
    }
    if args.format == Format::Human && !args.quiet {
        for skipped in &result.skipped {
            eprintln!("claimcheck: skipped {}: {}", skipped.path, skipped.reason);
        }
    }
    if args.format != Format::Human {
        // The machine formats stay parseable; these notes go to stderr.
        if args.report_unused_disable_directives {
            eprint!("{}", report::human::unused_directives(&result));
        }
        if args.statistics {
            eprint!("{}", report::human::statistics(&result));
        }
    }
    write_output(args.output.as_deref(), &rendered)?;
    Ok(exit_code(&result, args))
}

fn exit_code(result: &ScanResult, args: &CheckArgs) -> u8 {
    if args.exit_zero {
        return 0;
    }
    let threshold = match args.fail_on {
        FailOn::Low => Severity::Low,
        FailOn::Medium => Severity::Medium,
        FailOn::High => Severity::High,
        FailOn::Critical => Severity::Critical,
    };
    u8::from(result.findings.iter().any(|f| f.severity >= threshold))
}

fn write_output(path: Option<&std::path::Path>, text: &str) -> Result<(), String> {
    match path {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`claimcheck | head`) is not an error worth a message.
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
            Ok(())
        }
    }
}

fn print_rules(markdown: bool) -> Result<u8, String> {
    if markdown {
        write_output(None, &rules::markdown_table())?;
        return Ok(0);
    }
    let mut out = String::new();
    out.push_str(&format!("{:<38} {:<9} {}\n", "RULE", "SEVERITY", "SUMMARY"));
    for rule in RULES {
        let meta = rule.meta();
        let mark = if rule.implemented() {
            ""
        } else {
            " (not yet implemented)"
        };
        out.push_str(&format!(
            "{:<38} {:<9} {}{mark}\n",
            rule.id, meta.severity, meta.summary
        ));
    }
    write_output(None, &out)?;
    Ok(0)
}

fn explain(id: &str) -> Result<u8, String> {
    let rule = rules::by_id(id)
        .ok_or_else(|| format!("unknown rule `{id}` (run `claimcheck rules` to list them)"))?;
    let meta = rule.meta();
    let status = if rule.implemented() {
        ""
    } else {
        " · not yet implemented"
    };
    let text = format!(
        "{id}\nseverity: {} · security-severity: {:.1} · CWE-{}{status}\n{}\n\n{}\n",
        meta.severity,
        meta.security_severity,
        meta.cwe,
        meta.summary,
        meta.body.trim_end()
    );
    write_output(None, &text)?;
    Ok(0)
}
