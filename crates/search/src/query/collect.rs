//! Collecting ranked documents: the requested kind's page of hits, and how many of each kind
//! matched (the search page's "Bài viết / Tạp chí in" choice shows both counts), in one pass.

use tantivy::collector::{Collector, FilterCollector, SegmentCollector, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::Query;
use tantivy::{DocAddress, DocId, Order, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::features::{self, Features, QueryEvidence};
use super::{Found, Hit, Kind, Prepared, RERANK_DEPTH, SearchRequest, Sort, model, rescore};
use crate::index::{SearchError, SearchIndex};
use crate::schema::{KIND_PRINT_PAGE, KIND_VIDEO};

/// A candidate of the second pass, scored.
pub(super) struct Ranked {
    pub score: f32,
    pub address: DocAddress,
    pub features: Features,
}

/// How many candidates the title alone adds to the second pass.
const TITLE_CANDIDATES: usize = 20;

/// How many documents of each kind matched.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KindTotals {
    pub articles: usize,
    pub print_pages: usize,
    pub videos: usize,
}

impl KindTotals {
    /// The matches of `kind` (of both when `None`).
    pub fn of(&self, kind: Option<Kind>) -> usize {
        match kind {
            None => self.articles + self.print_pages + self.videos,
            Some(Kind::Article) => self.articles,
            Some(Kind::PrintPage) => self.print_pages,
            Some(Kind::Video) => self.videos,
        }
    }
}

impl SearchIndex {
    pub(super) fn collect(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        request: &SearchRequest,
    ) -> Result<(KindTotals, Vec<Hit>), SearchError> {
        let (totals, hits) = self.collect_addressed(searcher, query, request)?;
        Ok((totals, hits.into_iter().map(|(_, hit)| hit).collect()))
    }

    /// As [`Self::collect`], each hit with its address in the index.
    pub(super) fn collect_addressed(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        request: &SearchRequest,
    ) -> Result<(KindTotals, Vec<(DocAddress, Hit)>), SearchError> {
        let top = TopDocs::with_limit(request.limit).and_offset(request.offset);
        let (addresses, totals): (Vec<(f32, DocAddress)>, KindTotals) = match request.sort {
            Sort::Relevance => searcher.search(query, &(of_kind(request.kind, top.order_by_score()), KindCounts))?,
            Sort::Newest => {
                let newest = top.order_by_fast_field::<i64>("published", Order::Desc);
                let (newest, totals) = searcher.search(query, &(of_kind(request.kind, newest), KindCounts))?;
                (newest.into_iter().map(|(_, address)| (0.0, address)).collect(), totals)
            }
        };
        Ok((totals, self.hits(searcher, addresses)?))
    }

    /// The candidates of the second pass, with their figures and the model's score: the first
    /// [`RERANK_DEPTH`] by tantivy's BM25 over every field, and the first [`TITLE_CANDIDATES`] by
    /// the title alone (BM25 over long bodies buries a short headline a reader copied from).
    /// A question, whose weights use neither the title nor the runs, skips both unless
    /// `every_figure` (for training) asks for them.
    pub(super) fn rank(
        &self,
        searcher: &Searcher,
        prepared: &Prepared,
        request: &SearchRequest,
        every_figure: bool,
    ) -> Result<(KindTotals, Vec<Ranked>), SearchError> {
        let shape = features::shape(&prepared.words, prepared.question_mark);
        let every_figure = every_figure || model::is_keyword_query(shape);
        let query = self.build(&prepared.scored_terms, &prepared.phrases, request);
        let top = TopDocs::with_limit(RERANK_DEPTH).order_by_score();
        let (candidates, totals) = searcher.search(&*query, &(of_kind(request.kind, top), KindCounts))?;
        let mut addresses: Vec<DocAddress> = candidates.iter().map(|(_, a)| *a).collect();
        if every_figure {
            self.add_title_candidates(searcher, prepared, request, &mut addresses)?;
        }
        let (window_terms, sequence) = self.window_terms(searcher, &prepared.words);
        let evidence = QueryEvidence {
            scored_terms: &prepared.scored_terms,
            window_terms: &window_terms,
            sequence: &sequence,
            every_figure,
        };
        let figures = features::features(searcher, &self.fields, &addresses, &evidence)?;
        let weights = model::weights(shape);
        let ranked = figures
            .into_iter()
            .zip(addresses)
            .map(|(features, address)| Ranked { score: model::score(&features, weights), address, features })
            .collect();
        Ok((totals, ranked))
    }

    /// Adds the first [`TITLE_CANDIDATES`] by the title's terms alone that are not already in
    /// `addresses`.
    fn add_title_candidates(
        &self,
        searcher: &Searcher,
        prepared: &Prepared,
        request: &SearchRequest,
        addresses: &mut Vec<DocAddress>,
    ) -> Result<(), SearchError> {
        let title_terms: Vec<rescore::ScoredTerm> =
            prepared.scored_terms.iter().filter(|t| self.is_title_field(t.field)).cloned().collect();
        if title_terms.is_empty() {
            return Ok(());
        }
        let title_query = self.build(&title_terms, &prepared.phrases, request);
        let top = TopDocs::with_limit(TITLE_CANDIDATES).order_by_score();
        for (_, address) in searcher.search(&*title_query, &of_kind(request.kind, top))? {
            if !addresses.contains(&address) {
                addresses.push(address);
            }
        }
        Ok(())
    }

    fn is_title_field(&self, field: tantivy::schema::Field) -> bool {
        let title = &self.fields.title;
        [title.folded, title.pairs, title.exact].contains(&field)
    }

    /// What each address is: an article (`id`), a print page (`issue`, `page`) or a clip
    /// (`video`). A segment may hold only some kinds, so any column can be absent.
    pub(super) fn hits(
        &self,
        searcher: &Searcher,
        addresses: Vec<(f32, DocAddress)>,
    ) -> Result<Vec<(DocAddress, Hit)>, SearchError> {
        let mut hits = Vec::with_capacity(addresses.len());
        for (score, address) in addresses {
            let fast = searcher.segment_reader(address.segment_ord).fast_fields();
            let first = |name: &str| -> Result<Option<u64>, SearchError> {
                let column: Option<Column<u64>> = fast.column_opt(name)?;
                Ok(column.and_then(|c| c.first(address.doc_id)))
            };
            let found = match (first("id")?, first("issue")?, first("page")?, first("video")?) {
                (Some(id), ..) => Found::Article(id as i64),
                (None, Some(issue), Some(page), _) => Found::PrintPage { issue: issue as i64, page: page as i64 },
                (None, _, _, Some(video)) => Found::Video(video as i64),
                _ => continue,
            };
            hits.push((address, Hit { found, score }));
        }
        Ok(hits)
    }
}

/// `collector` over documents of `kind` only (all when `None`).
fn of_kind<C: Collector>(kind: Option<Kind>, collector: C) -> FilterCollector<C, impl Fn(u64) -> bool + Clone, u64> {
    let wanted = kind.map(|k| k.code());
    FilterCollector::new("kind".to_owned(), move |code: u64| wanted.is_none_or(|w| w == code), collector)
}

/// Counts matches per kind, reading the `kind` fast column.
struct KindCounts;

struct KindCountsInSegment {
    kinds: Column<u64>,
    totals: KindTotals,
}

impl Collector for KindCounts {
    type Fruit = KindTotals;
    type Child = KindCountsInSegment;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<KindCountsInSegment> {
        Ok(KindCountsInSegment { kinds: segment.fast_fields().u64("kind")?, totals: KindTotals::default() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<KindTotals>) -> tantivy::Result<KindTotals> {
        Ok(fruits.into_iter().fold(KindTotals::default(), |sum, t| KindTotals {
            articles: sum.articles + t.articles,
            print_pages: sum.print_pages + t.print_pages,
            videos: sum.videos + t.videos,
        }))
    }
}

impl SegmentCollector for KindCountsInSegment {
    type Fruit = KindTotals;

    fn collect(&mut self, doc: DocId, _: Score) {
        match self.kinds.first(doc) {
            Some(KIND_PRINT_PAGE) => self.totals.print_pages += 1,
            Some(KIND_VIDEO) => self.totals.videos += 1,
            _ => self.totals.articles += 1,
        }
    }

    fn harvest(self) -> KindTotals {
        self.totals
    }
}
