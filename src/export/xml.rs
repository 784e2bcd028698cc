//! Escaping for the XML formats.

/// Escapes text for an XML attribute value or element content.
///
/// The five markup characters become entities. Tab, line feed and carriage
/// return become character references, because a reader normalises them to
/// spaces inside attribute values (where GEXF keeps its data); characters that
/// XML 1.0 cannot carry at all (other controls, U+FFFE, U+FFFF) are dropped.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes() {
        assert_eq!(
            super::escape("a<b & \"c\"\u{1}"),
            "a&lt;b &amp; &quot;c&quot;"
        );
        assert_eq!(
            super::escape("it's\tone\r\ntwo\u{FFFF}"),
            "it&apos;s&#9;one&#13;&#10;two"
        );
    }
}
