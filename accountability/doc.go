// Package accountability proposes accountability measures (问责) and early
// forms of supervision (约谈, 提醒谈话, 函询) where the year's results and the
// supervision history show that responsibility was not carried — 约谈 of the
// 第一责任人 for the last two in the ranking, 通报 when satisfaction falls
// below half, 提醒谈话 for a supervision case that ran overdue twice — and
// addresses each proposal to the people who held the posts at the time,
// through [responsibility.Hierarchy.Liability] (终身问责).
//
// Administrators write the conditions as triggers (zeren.v1.Trigger) in CEL
// over the unit's facts and its result (`facts`, `result` and the aliases of
// the rule environment, package cel). [New] compiles and checks every
// trigger at once; [Proposer.Propose] evaluates them for every unit of a run.
//
// Whom a proposal names:
//
//   - the unit's top organisation (its 主体责任 organisation) comes from the
//     hierarchy, [responsibility.Hierarchy.TopOrganization], never from the
//     order of the input;
//   - a period trigger (a grade, a rank) names, per selected post, everyone
//     who held it during the period with tenure dates and days, and marks
//     the holder at the period's end: a predecessor is never dropped;
//   - a finding or case trigger (Trigger.scope) names whoever held the posts
//     on that finding's or case's date, at its organisation;
//   - people are selected by liability grade (全面/主要/重要领导责任, 监督责任),
//     by responsibility kind (第一责任人, 直接责任 …) and by duty area
//     (分管领域); liability presumed for lack of facts is flagged to verify
//     (Liability.to_verify), never presented as a finding.
//
// Proposals are never decisions (DESIGN: the library proposes, people
// decide): each carries the trigger, the facts that made it fire (lists by
// their ids: veto, finding, case ids), the liability that addresses it and
// the status PROPOSED, which only a person changes with [Decide].
//
// Each measure is labelled by its basis ([Basis]): the 问责方式 of
// 《中国共产党问责条例》（2019）第八条 — 检查、通报、改组 for Party organisations;
// 通报、诫勉、组织调整或者组织处理、纪律处分 for leading cadres — or the first
// of the four forms of supervision and discipline (监督执纪"四种形态"):
// 提醒谈话、约谈、函询, which are not 问责. OTHER with a custom code extends
// the list.
//
// The package does no I/O and reads no clock; a Proposer is immutable and
// safe for concurrent use.
package accountability
