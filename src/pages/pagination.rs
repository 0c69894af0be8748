//! Numbered page links (first, last, two either side of the current page, gaps as "…"), for
//! `templates/partials/pagination.html`.

use serde::Serialize;

/// Numbered page links for the `partials/pagination.html` partial.
#[derive(Serialize)]
pub struct Pagination {
    current: usize,
    last: usize,
    prev_href: Option<String>,
    next_href: Option<String>,
    /// Page numbers to show; `None` is a gap ("…").
    pages: Vec<Option<PageLink>>,
    beyond_end: bool,
    first_href: String,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    href: String,
    current: bool,
}

impl Pagination {
    /// `link(n)` is the address of page `n`.
    pub fn new(
        current: usize,
        total: usize,
        per_page: usize,
        link: impl Fn(usize) -> String,
    ) -> Pagination {
        let last = total.div_ceil(per_page.max(1)).max(1);
        let mut numbers: Vec<usize> = [
            1,
            current.saturating_sub(2),
            current.saturating_sub(1),
            current,
            current + 1,
            current + 2,
            last,
        ]
        .into_iter()
        .filter(|n| (1..=last).contains(n))
        .collect();
        numbers.sort_unstable();
        numbers.dedup();
        let mut pages = Vec::new();
        for (i, n) in numbers.iter().enumerate() {
            if i > 0 && *n > numbers[i - 1] + 1 {
                pages.push(None);
            }
            pages.push(Some(PageLink {
                number: *n,
                href: link(*n),
                current: *n == current,
            }));
        }
        Pagination {
            current,
            last,
            prev_href: (current > 1 && current <= last).then(|| link(current - 1)),
            next_href: (current < last).then(|| link(current + 1)),
            pages,
            beyond_end: current > last,
            first_href: link(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Pagination;

    #[test]
    fn pagination_shows_neighbours_and_gaps() {
        let p = Pagination::new(5, 200, 20, |n| format!("/x?page={n}"));
        let numbers: Vec<Option<usize>> = p
            .pages
            .iter()
            .map(|l| l.as_ref().map(|l| l.number))
            .collect();
        assert_eq!(
            numbers,
            [
                Some(1),
                None,
                Some(3),
                Some(4),
                Some(5),
                Some(6),
                Some(7),
                None,
                Some(10)
            ]
        );
        assert_eq!(p.prev_href.as_deref(), Some("/x?page=4"));
        assert_eq!(p.next_href.as_deref(), Some("/x?page=6"));
        let beyond = Pagination::new(3, 10, 20, |n| n.to_string());
        assert!(beyond.beyond_end);
        assert_eq!(beyond.next_href, None);
        let single = Pagination::new(1, 0, 20, |n| n.to_string());
        assert_eq!(single.last, 1);
        assert!(single.prev_href.is_none() && single.next_href.is_none());
    }
}
