// Package accountability proposes accountability measures (问责) where the
// year's results and the supervision history show that responsibility was
// not carried — 约谈 for the last two in the ranking, 通报 when satisfaction
// falls below half, 诫勉 when a supervision case ran overdue twice — and
// addresses each proposal to the people who held the posts at the time,
// through [responsibility.Hierarchy.Liability] (终身问责).
//
// Administrators write the conditions as triggers (zeren.v1.Trigger) in CEL
// over the unit's facts and its result (`facts`, `result` and the aliases of
// the rule environment, package cel). [New] compiles and checks every
// trigger at once; [Proposer.Propose] evaluates them for every unit of a run.
//
// Proposals are never decisions (DESIGN: the library proposes, people
// decide): each carries the trigger, the facts that made it fire, the
// liability that addresses it and the status PROPOSED, which only a person
// changes with [Decide]. Measures come from the code list of
// 《中国共产党问责条例》: for organisations 检查, 通报, 改组; for people 提醒谈话,
// 约谈, 函询, 通报, 诫勉, 组织调整或组织处理, 纪律处分; OTHER with a custom code
// extends it.
//
// The package does no I/O and reads no clock; a Proposer is immutable and
// safe for concurrent use.
package accountability
