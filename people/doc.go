// Package people answers "what did this year mean for this cadre": the
// 书记抓党建述职评议 at every level, the person outcome that feeds 干部考核,
// 评先评优 and 选拔任用, eligibility rules over it, and the 约谈 loop.
//
//   - A [Plan] holds one review scheme per post kind and level (a
//     zeren.v1.ReviewPlan): the 党组（党委）书记 reports to the 市委 and the
//     机关工委, the 机关党委书记 and 机关纪委书记 to the 工委, the 党支部书记 to the
//     机关党委, and the 机关党委书记 of 中央驻市单位 gives the 专项述职评议.
//     [Plan.Score] checks each review against the hierarchy — the reviewee
//     is the regular or acting holder of the post on the review date, and a
//     holder who left mid-period is reviewed for the months held — and
//     scores its ballots with the machinery of [assessment.ReviewScorer]. A
//     result lists the 督查 findings under the post ([Watched]) in the span
//     reviewed, which a 点评 may cite.
//   - [Outcome] gathers a person's period: posts held with dates and
//     acting/delegated marks, the grades of the units led during the
//     tenure, reviews, findings and cases on their watch, proposals
//     addressed to them (also as a predecessor, through the proposal's
//     tenures) with decisions, and talks. [WatchedOrganizations] lists the
//     organisations whose findings and cases a post watches, for a reader
//     that fetches just those.
//   - [Rules] are eligibility rules in CEL over the variable person,
//     checked when saved (line and column, cost limit) like indicator rules.
//   - [OpenTalk] turns a decided 约谈, 提醒谈话, 函询 or 诫勉 into a talk record
//     whose commitments become supervision cases; [FollowUp] marks the
//     回头看 due, and [Close] closes the talk only when every commitment's
//     case is closed.
//   - [ParseReviewPlan], [ParseEligibilityRules] and [ParseTalk] read the
//     documents of an OA in JSON or text format; a broken one is a
//     [*DecodeError] naming the field at fault ("rules[1].condition").
//   - [CheckUnitReviews] checks that each unit's 述职评议 names the unit's
//     党组（党委）书记 of the period.
//
// The package is pure: no I/O, no clock; time is a parameter. Errors are
// [*ValidationError]s whose problems name the record and field, Chinese
// first with English available.
package people
