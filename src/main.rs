//! The `entente` command: clap arguments to library calls, nothing else.

mod cli;

/// mimalloc instead of the system allocator: extraction allocates many
/// small strings on worker threads that the main thread frees, which glibc's
/// allocator handles slowly (see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::Parser;

use cli::{
    Cli, Command, ExtractFormat, GraphFormat, InputArgs, InputFormatArg, ListWhat, RulesCommand,
};
use entente::export::{self, Format};
use entente::extract::{ExtractorBuilder, Options, StoryResult};
use entente::graph::{Filter, Network};
use entente::output::AtomicFile;
use entente::pipeline::{Pipeline, RunError, Stats};
use entente::read::{self, InputFormat, Item, StoryReader};
use entente::rules::RuleSet;
use entente::{Extractor, Kind, report};

/// A problem with what the user asked for (exit code 2).
#[derive(Debug)]
struct UsageError(String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("entente: {err:#}");
            if err.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// Whether the error is a closed standard output (`entente ... | head`),
/// which ends the run quietly. Exporters wrap the I/O error transparently,
/// so it is not in the error's source chain and is looked for by type.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        let found = e.downcast_ref::<io::Error>().or_else(|| {
            match e.downcast_ref::<export::ExportError>() {
                Some(export::ExportError::Io(inner)) => Some(inner),
                _ => None,
            }
        });
        found.is_some_and(|f| f.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Extract(args) => extract(args),
        Command::Graph(args) => graph(args),
        Command::Ties(args) => ties(args),
        Command::Partners(args) => partners(args),
        Command::Merge(args) => merge(args),
        Command::Eval(args) => eval(args),
        Command::Rules(cmd) => rules(cmd),
    }
}

fn usage(message: impl Into<String>) -> anyhow::Error {
    UsageError(message.into()).into()
}

/// The embedded tables, with the user's folder laid over them or instead.
fn load_rules(overlay: Option<&Path>, only: Option<&Path>) -> Result<RuleSet> {
    let rules = match (overlay, only) {
        (_, Some(dir)) => RuleSet::from_dir(dir)?,
        (Some(dir), None) => RuleSet::embedded()?.overlay(RuleSet::from_dir(dir)?),
        (None, None) => RuleSet::embedded()?,
    };
    Ok(rules.validated()?)
}

fn extractor(input: &InputArgs, rules: RuleSet, explain: bool) -> Result<Extractor> {
    let options = Options {
        blocs: input.blocs,
        explain,
    };
    Ok(ExtractorBuilder::new(rules).options(options).build()?)
}

fn date_arg(text: Option<&str>, flag: &str) -> Result<Option<String>> {
    text.map(|d| {
        entente::date::normalize(d).ok_or_else(|| usage(format!("{flag} {d:?} is not a date")))
    })
    .transpose()
}

/// How a command takes the results of a run, in input order.
enum Consumer<'a> {
    /// Each result, lent.
    Results(&'a mut dyn FnMut(&mut StoryResult) -> io::Result<()>),
    /// Each result rendered as bytes by `render` (on the workers, when there
    /// are several), then handed to `write`.
    Rendered {
        render: &'a (dyn Fn(&StoryResult) -> io::Result<Vec<u8>> + Sync),
        write: &'a mut dyn FnMut(&[u8]) -> io::Result<()>,
    },
}

/// Reads and extracts every story of the inputs, handing each result to
/// `consumer` in order.
fn process(input: &InputArgs, ex: &Extractor, consumer: Consumer<'_>) -> Result<Stats> {
    let default_date = date_arg(input.date.as_deref(), "--date")?;
    let since = date_arg(input.since.as_deref(), "--since")?;
    let until = date_arg(input.until.as_deref(), "--until")?;
    let (inputs, warnings) = read::expand(&input.inputs);
    let mut skipped_paths = 0;
    for w in &warnings {
        if input.strict {
            bail!("{w} (stopping: --strict)");
        }
        if !input.quiet {
            eprintln!("entente: warning: {w}");
        }
        skipped_paths += 1;
    }
    if inputs.is_empty() {
        bail!("no input to read");
    }
    let total: u64 = inputs
        .iter()
        .map(|i| match i {
            read::Input::File(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
            read::Input::Stdin => 0,
        })
        .sum();
    let format = match input.input_format {
        InputFormatArg::Auto => InputFormat::Auto,
        InputFormatArg::Jsonl => InputFormat::Jsonl,
        InputFormatArg::Card => InputFormat::Card,
        InputFormatArg::Text => InputFormat::Text,
    };
    let reader = StoryReader::new(inputs, format).default_date(default_date);
    let in_range = |item: &Item| match item {
        Item::Story(s) if since.is_some() || until.is_some() => s.date.as_ref().is_some_and(|d| {
            since.as_ref().is_none_or(|from| d >= from) && until.as_ref().is_none_or(|to| d <= to)
        }),
        _ => true,
    };
    let progress = Progress::new(input.quiet, total);
    let pipeline = Pipeline::new::<io::Error>(ex, input.threads)?;
    let stories = reader.filter(in_range);
    let on_warning = |w: &read::Warning| {
        if !input.quiet {
            progress.println(&format!("entente: warning: {w}"));
        }
    };
    let on_progress = |s: &Stats| progress.update(s);
    let stats = match consumer {
        Consumer::Results(on_result) => {
            pipeline.run(stories, input.strict, on_result, on_warning, on_progress)
        }
        Consumer::Rendered { render, write } => pipeline.run_prepared(
            stories,
            input.strict,
            render,
            |rendered| match rendered {
                Ok(bytes) => write(bytes),
                // Lent, not given: the error is copied out by kind and text.
                Err(e) => Err(io::Error::new(e.kind(), e.to_string())),
            },
            on_warning,
            on_progress,
        ),
    };
    progress.finish();
    let mut stats = match stats {
        Ok(stats) => stats,
        Err(RunError::Sink(e)) => return Err(e.into()),
        Err(e) => bail!(e),
    };
    stats.skipped += skipped_paths;
    if !input.quiet {
        let mut line = format!("entente: {} stories read", stats.stories);
        if stats.skipped > 0 {
            line.push_str(&format!(", {} skipped", stats.skipped));
        }
        if stats.repaired > 0 {
            line.push_str(&format!(", {} read with repairs", stats.repaired));
        }
        eprintln!("{line}");
    }
    Ok(stats)
}

/// A progress bar on a terminal for runs longer than a moment.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    started: Instant,
}

impl Progress {
    fn new(quiet: bool, total: u64) -> Progress {
        let bar = (!quiet && io::stderr().is_terminal()).then(|| {
            let bar = if total > 0 {
                indicatif::ProgressBar::new(total)
            } else {
                indicatif::ProgressBar::no_length()
            };
            let style = if total > 0 {
                "{bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta} {msg}"
            } else {
                "{spinner} {bytes} {binary_bytes_per_sec} {msg}"
            };
            bar.set_style(
                indicatif::ProgressStyle::with_template(style)
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
        }
    }

    fn update(&self, stats: &Stats) {
        if let Some(bar) = &self.bar {
            if bar.is_hidden() && self.started.elapsed() > Duration::from_secs(2) {
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            }
            bar.set_position(stats.bytes);
            bar.set_message(format!("{} stories", stats.stories));
        }
    }

    fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) if !bar.is_hidden() => bar.println(line),
            _ => eprintln!("{line}"),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Standard output, or a file that appears whole on success.
enum Sink {
    Stdout(io::BufWriter<io::StdoutLock<'static>>),
    File(AtomicFile),
}

impl Sink {
    fn open(path: Option<&Path>) -> Result<Sink> {
        match path {
            Some(p) => Ok(Sink::File(
                AtomicFile::create(p).with_context(|| format!("creating {}", p.display()))?,
            )),
            None => Ok(Sink::Stdout(io::BufWriter::new(io::stdout().lock()))),
        }
    }

    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Sink::Stdout(w) => w,
            Sink::File(f) => f,
        }
    }

    fn finish(self) -> Result<()> {
        match self {
            Sink::Stdout(mut w) => w.flush()?,
            Sink::File(f) => f.commit()?,
        }
        Ok(())
    }
}

fn extract(args: cli::ExtractArgs) -> Result<ExitCode> {
    let rules = load_rules(
        args.input.rules.as_deref(),
        args.input.rules_only.as_deref(),
    )?;
    let ex = extractor(&args.input, rules, args.explain)?;
    let format = args
        .format
        .unwrap_or(if args.out.is_none() && io::stdout().is_terminal() {
            ExtractFormat::Text
        } else {
            ExtractFormat::Jsonl
        });
    let mut sink = Sink::open(args.out.as_deref())?;
    let render = |r: &StoryResult| -> io::Result<Vec<u8>> {
        match format {
            ExtractFormat::Jsonl => {
                let mut line = serde_json::to_vec(r)?;
                line.push(b'\n');
                Ok(line)
            }
            ExtractFormat::Text => Ok(format!("{}\n", report::story(r)).into_bytes()),
        }
    };
    let write = &mut |bytes: &[u8]| sink.writer().write_all(bytes);
    process(
        &args.input,
        &ex,
        Consumer::Rendered {
            render: &render,
            write,
        },
    )?;
    sink.finish()?;
    Ok(ExitCode::SUCCESS)
}

fn kinds(names: &[String]) -> Result<Vec<Kind>> {
    names
        .iter()
        .map(|k| k.parse::<Kind>().map_err(usage))
        .collect()
}

/// Builds the network from stories, or reads it from graph JSON inputs.
fn build_network(input: &InputArgs, evidence: usize) -> Result<(Network, RuleSet)> {
    let rules = load_rules(input.rules.as_deref(), input.rules_only.as_deref())?;
    let graph_inputs: Vec<&Path> = input
        .inputs
        .iter()
        .map(|p| p.as_path())
        .filter(|p| is_graph_json(p))
        .collect();
    if !graph_inputs.is_empty() && graph_inputs.len() == input.inputs.len() {
        let mut net = Network::new(evidence);
        for p in graph_inputs {
            net.merge(read_graph(p)?);
        }
        return Ok((net, rules));
    }
    let ex = extractor(input, rules.clone(), false)?;
    let mut net = Network::new(evidence);
    let add = &mut |r: &mut StoryResult| {
        // Blocs and armed groups are nodes only when asked for.
        if !input.blocs {
            r.blocs.clear();
        }
        net.add(r);
        Ok(())
    };
    process(input, &ex, Consumer::Results(add))?;
    Ok((net, rules))
}

fn is_graph_json(path: &Path) -> bool {
    if path.extension().is_none_or(|e| e != "json") {
        return false;
    }
    let mut head = [0u8; 256];
    let n = std::fs::File::open(path)
        .and_then(|mut f| io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    String::from_utf8_lossy(&head[..n]).contains("\"multigraph\"")
}

fn read_graph(path: &Path) -> Result<Network> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    export::json::from_json(&text).with_context(|| {
        format!(
            "{}: not a graph written by entente graph --format json",
            path.display()
        )
    })
}

fn export_format(f: GraphFormat) -> Format {
    match f {
        GraphFormat::Dot => Format::Dot,
        GraphFormat::Svg => Format::Svg,
        GraphFormat::Png => Format::Png,
        GraphFormat::Pdf => Format::Pdf,
        GraphFormat::Json => Format::Json,
        GraphFormat::Cytoscape => Format::Cytoscape,
        GraphFormat::Gexf => Format::Gexf,
        GraphFormat::Graphml => Format::Graphml,
        GraphFormat::Csv => Format::Csv,
    }
}

fn write_network(net: &Network, format: GraphFormat, out: Option<&Path>) -> Result<()> {
    let mut sink = Sink::open(out)?;
    export::write(net, export_format(format), sink.writer())?;
    sink.finish()
}

fn graph(args: cli::GraphArgs) -> Result<ExitCode> {
    let f = &args.filter;
    let kinds = kinds(&f.kind)?;
    let (net, rules) = build_network(&args.input, f.evidence)?;
    let country = f
        .country
        .as_deref()
        .map(|c| rules.resolve_name(c).map_err(usage))
        .transpose()?;
    let filter = Filter {
        kinds,
        min_stories: f.min_stories,
        country,
        depth: f.depth,
        top: f.top,
        leaders: args.leaders,
    };
    let net = net.filtered(&filter);
    write_network(&net, args.format, args.out.as_deref())?;
    if !args.input.quiet {
        eprintln!("entente: {}", net.summary());
    }
    Ok(ExitCode::SUCCESS)
}

fn ties(args: cli::TiesArgs) -> Result<ExitCode> {
    let (net, rules) = build_network(&args.input, args.evidence)?;
    let a = rules.resolve_name(&args.a).map_err(usage)?;
    let b = rules.resolve_name(&args.b).map_err(usage)?;
    let ties = net.ties(&a, &b);
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &ties)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", report::ties(&net, &ties))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn partners(args: cli::PartnersArgs) -> Result<ExitCode> {
    let (net, rules) = build_network(&args.input, entente::graph::DEFAULT_EVIDENCE)?;
    let code = rules.resolve_name(&args.country).map_err(usage)?;
    let edges = net.partners(&code);
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &edges)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", report::partners(&net, &code, &edges))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn merge(args: cli::MergeArgs) -> Result<ExitCode> {
    let mut net = Network::new(args.evidence);
    for path in &args.graphs {
        net.merge(read_graph(path)?);
    }
    write_network(&net, args.format, args.out.as_deref())?;
    Ok(ExitCode::SUCCESS)
}

fn eval(args: cli::EvalArgs) -> Result<ExitCode> {
    let rules = load_rules(
        args.input.rules.as_deref(),
        args.input.rules_only.as_deref(),
    )?;
    let ex = extractor(&args.input, rules, false)?;
    let gold_text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("reading {}", args.gold.display()))?;
    let gold = entente::eval::load(&args.gold.display().to_string(), &gold_text)?;
    let mut system = std::collections::BTreeMap::new();
    let keep = &mut |r: &mut StoryResult| {
        let value = serde_json::to_value(&*r).map_err(io::Error::from)?;
        system.insert(r.id.clone(), value);
        Ok(())
    };
    process(&args.input, &ex, Consumer::Results(keep))?;
    let score = entente::eval::score(&gold, &system, args.show_errors);
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &score)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", score.table())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn rules(cmd: RulesCommand) -> Result<ExitCode> {
    let mut out = io::stdout().lock();
    match cmd {
        RulesCommand::Check { dir, overlay } => {
            let set = match (dir, overlay) {
                (Some(d), true) => RuleSet::embedded()?.overlay(RuleSet::from_dir(&d)?),
                (Some(d), false) => RuleSet::from_dir(&d)?,
                (None, _) => RuleSet::embedded()?,
            };
            let problems = set.check();
            for p in &problems {
                writeln!(out, "{p}")?;
            }
            if !problems.is_empty() {
                eprintln!("entente: {} problem(s)", problems.len());
                return Ok(ExitCode::from(1));
            }
            writeln!(
                out,
                "ok: {} countries, {} blocs, {} people, {} cues, {} modifiers",
                set.countries.len(),
                set.blocs.len(),
                set.people.len(),
                set.cues.len(),
                set.modifiers.len()
            )?;
        }
        RulesCommand::List { what, rules } => {
            let set = load_rules(rules.as_deref(), None)?;
            let text = match what {
                ListWhat::Countries => entente::rules::listing::countries(&set),
                ListWhat::Blocs => entente::rules::listing::blocs(&set),
                ListWhat::Leaders => entente::rules::listing::people(&set, true),
                ListWhat::People => entente::rules::listing::people(&set, false),
                ListWhat::Cues => entente::rules::listing::cues(&set),
                ListWhat::Names => entente::rules::listing::names(&set),
            };
            write!(out, "{text}")?;
        }
        RulesCommand::Show { name, rules } => {
            let set = load_rules(rules.as_deref(), None)?;
            let text = entente::rules::listing::show(&set, &name);
            if text.is_empty() {
                return Err(usage(format!("no rule table entry matches {name:?}")));
            }
            write!(out, "{text}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
