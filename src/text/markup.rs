//! Text placed inside XML or HTML that we write by hand (Atom feeds, SVG charts).

/// Escapes text for XML element content and quoted attributes; drops the characters XML 1.0
/// cannot carry at all, so a stray control character in a record never breaks a feed or a chart.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_xml;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escape_xml("a & <b> \"c\" 'd'\u{1}\n"),
            "a &amp; &lt;b&gt; &quot;c&quot; &apos;d&apos;\n"
        );
    }
}
