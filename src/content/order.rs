//! Per-language order of the tree: children by weight then title (by the
//! language's alphabet), and the depth-first reading order.

use super::model::{EntryId, LanguageView, Site};

pub fn order_view(site: &Site, view: &mut LanguageView) {
    let collator = site.config.languages[view.lang].collator();
    let sort_key = |id: EntryId| {
        let p = view.placements[id].as_ref().expect("placed");
        let v = site.entries[id].versions[p.content_lang]
            .as_ref()
            .expect("shown version");
        (
            v.front.weight,
            v.front.title.clone(),
            site.entries[id].path.clone(),
        )
    };
    for (id, entry) in site.entries.iter().enumerate() {
        if view.placements[id].is_none() {
            continue;
        }
        let mut kids: Vec<_> = entry
            .children
            .iter()
            .copied()
            .filter(|&c| view.placements[c].is_some())
            .map(|c| (sort_key(c), c))
            .collect();
        kids.sort_by(|(a, _), (b, _)| {
            a.0.cmp(&b.0)
                .then_with(|| collator.compare(&a.1, &b.1))
                .then_with(|| a.2.cmp(&b.2))
        });
        view.children[id] = kids.into_iter().map(|(_, c)| c).collect();
    }
    let mut stack = vec![Site::ROOT];
    while let Some(id) = stack.pop() {
        view.position[id] = Some(view.reading_order.len());
        view.reading_order.push(id);
        stack.extend(view.children[id].iter().rev());
    }
}
