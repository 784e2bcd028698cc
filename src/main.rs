use std::io::Write;
fn main() {
    let ex = entente::Extractor::with_defaults().unwrap_or_else(|e| { eprintln!("{e}"); std::process::exit(2) });
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let (inputs, _) = entente::read::expand(&paths);
    let out = std::io::stdout();
    let mut out = out.lock();
    for item in entente::read::StoryReader::new(inputs, Default::default()) {
        if let entente::read::Item::Story(s) = item {
            let r = ex.extract(&s);
            writeln!(out, "{}", serde_json::to_string(&r).unwrap()).unwrap();
        }
    }
}
