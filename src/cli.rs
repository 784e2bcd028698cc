//! Command-line arguments. Each doc comment is the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Turn news stories into a graph of how countries relate.
///
/// entente finds countries and leaders in story text, reads the relations
/// between them (cooperation, tension, trade, conflict) with the evidence for
/// each, and builds a network over many stories that it queries and exports.
///
/// Inputs are files, folders (walked for .txt, .md, .jsonl and .json) or `-`
/// for standard input; with none, standard input is read.
#[derive(Debug, Parser)]
#[command(name = "entente", version, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Extract countries, leaders and relations, one result per story.
    ///
    /// Example: entente extract news/ --format text
    Extract(ExtractArgs),
    /// Build the network of relations over all stories and export it.
    ///
    /// Example: entente graph news/ --format dot | dot -Tsvg > graph.svg
    Graph(GraphArgs),
    /// Show the ties between two countries, with evidence.
    ///
    /// Countries are named by ISO3 code or any name the rule tables know
    /// ("north korea", "DPRK" and "PRK" all work). Inputs may be stories or
    /// graph JSON files written by `entente graph --format json`.
    ///
    /// Example: entente ties china "north korea" news/
    Ties(TiesArgs),
    /// Rank a country's ties by strength, per kind.
    ///
    /// Example: entente partners france news/
    Partners(PartnersArgs),
    /// Combine graph JSON files built from separate shards into one graph.
    ///
    /// Example: entente merge part1.json part2.json --out all.json
    Merge(MergeArgs),
    /// Score extraction against a labelled gold set.
    ///
    /// Example: entente eval --gold gold.jsonl stories.jsonl --show-errors
    Eval(EvalArgs),
    /// Inspect and validate rule tables.
    #[command(subcommand)]
    Rules(RulesCommand),
}

/// Options shared by every command that reads stories.
#[derive(Debug, Args)]
pub(crate) struct InputArgs {
    /// Story files, folders, or - for standard input.
    pub(crate) inputs: Vec<PathBuf>,
    /// Force the input layout instead of sniffing it per file.
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto)]
    pub(crate) input_format: InputFormatArg,
    /// Date (YYYY-MM-DD or any common form) for stories that have none.
    #[arg(long)]
    pub(crate) date: Option<String>,
    /// Lay the rule tables of this folder over the embedded ones.
    #[arg(long, value_name = "DIR", conflicts_with = "rules_only")]
    pub(crate) rules: Option<PathBuf>,
    /// Use only the rule tables of this folder.
    #[arg(long, value_name = "DIR")]
    pub(crate) rules_only: Option<PathBuf>,
    /// Stop with an error at the first bad input record.
    #[arg(long)]
    pub(crate) strict: bool,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', default_value_t = 0)]
    pub(crate) threads: usize,
    /// No progress bar and no summary on standard error.
    #[arg(long, short)]
    pub(crate) quiet: bool,
    /// Keep relations with blocs and organisations (EU, NATO, ...).
    #[arg(long)]
    pub(crate) blocs: bool,
    /// Only stories dated on or after this day.
    #[arg(long)]
    pub(crate) since: Option<String>,
    /// Only stories dated on or before this day.
    #[arg(long)]
    pub(crate) until: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum InputFormatArg {
    Auto,
    Jsonl,
    Card,
    Text,
}

#[derive(Debug, Args)]
pub(crate) struct ExtractArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Output layout (default: jsonl, or text on a terminal).
    #[arg(long, short, value_enum)]
    pub(crate) format: Option<ExtractFormat>,
    /// For each cue: which frame and actors fired, or why nothing did.
    #[arg(long)]
    pub(crate) explain: bool,
    /// Write to this file (whole or not at all) instead of standard output.
    #[arg(long, short)]
    pub(crate) out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExtractFormat {
    Jsonl,
    Text,
}

/// Options that narrow a network.
#[derive(Debug, Args)]
pub(crate) struct FilterArgs {
    /// Only these kinds (repeat or separate with commas).
    #[arg(long, value_delimiter = ',')]
    pub(crate) kind: Vec<String>,
    /// Only edges stated by at least this many stories.
    #[arg(long, default_value_t = 0)]
    pub(crate) min_stories: u64,
    /// Only the neighbourhood of this country.
    #[arg(long)]
    pub(crate) country: Option<String>,
    /// Hops around --country.
    #[arg(long, default_value_t = 1)]
    pub(crate) depth: usize,
    /// Only the strongest N edges.
    #[arg(long)]
    pub(crate) top: Option<usize>,
    /// Evidence sentences kept per edge.
    #[arg(long, default_value_t = entente::graph::DEFAULT_EVIDENCE)]
    pub(crate) evidence: usize,
}

#[derive(Debug, Args)]
pub(crate) struct GraphArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    #[command(flatten)]
    pub(crate) filter: FilterArgs,
    /// Output format; svg, png and pdf need Graphviz's `dot`.
    #[arg(long, short, value_enum, default_value_t = GraphFormat::Dot)]
    pub(crate) format: GraphFormat,
    /// Add the leaders the stories name, each linked to their country.
    #[arg(long)]
    pub(crate) leaders: bool,
    /// Write to this file (whole or not at all) instead of standard output.
    #[arg(long, short)]
    pub(crate) out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum GraphFormat {
    Dot,
    Svg,
    Png,
    Pdf,
    Json,
    Cytoscape,
    Gexf,
    Graphml,
    Csv,
}

#[derive(Debug, Args)]
pub(crate) struct TiesArgs {
    /// The first country.
    pub(crate) a: String,
    /// The second country.
    pub(crate) b: String,
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Evidence sentences kept per kind.
    #[arg(long, default_value_t = entente::graph::DEFAULT_EVIDENCE)]
    pub(crate) evidence: usize,
    /// Print JSON for programs.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct PartnersArgs {
    /// The country.
    pub(crate) country: String,
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Print JSON for programs.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct MergeArgs {
    /// Graph JSON files written by `entente graph --format json`.
    #[arg(required = true)]
    pub(crate) graphs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = GraphFormat::Json)]
    pub(crate) format: GraphFormat,
    /// Evidence sentences kept per edge.
    #[arg(long, default_value_t = entente::graph::DEFAULT_EVIDENCE)]
    pub(crate) evidence: usize,
    /// Write to this file (whole or not at all) instead of standard output.
    #[arg(long, short)]
    pub(crate) out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct EvalArgs {
    /// The gold labels (JSON Lines, see shared/docs/relations.md).
    #[arg(long)]
    pub(crate) gold: PathBuf,
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// List every extra and missed item.
    #[arg(long)]
    pub(crate) show_errors: bool,
    /// Print the score as JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum RulesCommand {
    /// Validate a rules folder (default: the embedded tables).
    ///
    /// With --rules-only semantics: DIR is checked on its own unless --overlay
    /// is given, which checks it laid over the embedded tables.
    Check {
        /// The folder to check.
        dir: Option<PathBuf>,
        /// Check DIR laid over the embedded tables.
        #[arg(long)]
        overlay: bool,
    },
    /// List entries: countries, blocs, leaders, people, cues or names.
    ///
    /// `names` prints every surface form the matcher knows, one a line.
    List {
        /// What to list.
        #[arg(value_enum, default_value_t = ListWhat::Countries)]
        what: ListWhat,
        /// Lay this folder over the embedded tables.
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
    /// Show every entry a form can match ("Kim", "Congo", "Washington").
    Show {
        /// The form.
        name: String,
        /// Lay this folder over the embedded tables.
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ListWhat {
    Countries,
    Blocs,
    Leaders,
    People,
    Cues,
    Names,
}
