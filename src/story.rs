//! The unit of input: one news story.

use serde::Serialize;

/// One news story, as read from any input layout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Story {
    /// The record's id, else the file name (plus line for JSON Lines).
    pub id: String,
    /// The headline, when the input has one.
    pub title: Option<String>,
    /// The story date as `YYYY-MM-DD`, when known.
    pub date: Option<String>,
    /// Where the story came from (publisher, URL), when known.
    pub source: Option<String>,
    /// The body text.
    pub text: String,
}

impl Story {
    /// A story with an id and a body, and nothing else.
    ///
    /// # Examples
    ///
    /// ```
    /// let s = entente::Story::new("a1", "Japan and India signed a pact.")
    ///     .with_title("A pact")
    ///     .with_date("2024-03-04");
    /// assert_eq!(s.date.as_deref(), Some("2024-03-04"));
    /// ```
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Story {
        Story {
            id: id.into(),
            title: None,
            date: None,
            source: None,
            text: text.into(),
        }
    }

    /// Sets the headline.
    pub fn with_title(mut self, title: impl Into<String>) -> Story {
        self.title = Some(title.into());
        self
    }

    /// Sets the date (`YYYY-MM-DD`).
    pub fn with_date(mut self, date: impl Into<String>) -> Story {
        self.date = Some(date.into());
        self
    }
}
