// Package supervision drives the supervision cycle of the task lists —
// 提示—调度—督查—督办, "remind, dispatch, inspect, supervise" — as pure
// functions of the state and of "now", counted on a working-day calendar
// ([github.com/zerenlab/zeren/calendar]).
//
// The seed report's practice, step by step:
//
//   - 提示 (remind): before an assignment's due date (完成时限) its holder is
//     reminded, by default 7 and 1 working days ahead (T-7, T-1). A due date
//     that falls on a rest day first moves to the next working day (顺延).
//   - 调度 (dispatch): progress is collected periodically — by default after
//     each month, the call going out on the first working day of the next
//     month with reports due on its fifth (月调度; quarterly 季推进 and
//     yearly 年考评 are a [DispatchPolicy] away).
//   - 督查 (inspect): [PlanInspections] makes the year's plan — every unit
//     once, key units (重点单位) on site, the others by documents, spread
//     over the quarters with a seeded shuffle — and its findings (督查发现)
//     open cases.
//   - 督办 (supervise): an assignment still open after its due date, or a
//     finding, gets a supervision case (督办单, [OpenCase]) with a lead unit
//     (主办单位), assisting units (协办单位), a deadline and an urgency
//     (一般督办, 重点督办, 挂牌督办). A case that runs past its deadline is
//     chased (催办); the second run, or a second case for the same
//     organisation and task, earns a yellow card (黄牌警告); the next step
//     escalates the case (升级督办), which accountability proposals read.
//   - 整改 (rectify): a case moves through an enforced state machine
//     ([Transition]): 已立案 → 整改中 → 已提交销号申请 → 已验收 → 已办结销号,
//     or back from submission to 退回重新整改. An approved extension (延期,
//     [Extend]) moves the deadline and re-plans every date that depends on
//     it.
//
// [Due] answers the daily question "what is due today?" from a [State]
// (assignments, cases, findings, the inspection plan) and a [Policy]
// (offsets, schedules and thresholds as data, [DefaultPolicy]). It returns
// an [Agenda] of new messages — reminders, dispatches, inspections, cases to
// open, cases to urge — and never modifies its input; the caller stores what
// it accepts. Computing the same day again over the updated state yields no
// duplicate case or urge, so a missed day is caught up by the next run. Ids
// are derived from the records ([OverdueCaseID], [ReminderID] …), so the
// same state gives the same agenda.
//
// A province need not be held in memory at once. [Merge] combines the
// agendas of Due over batches of units — each batch's State holding the
// assignments, cases and findings of its organisations and the inspections
// of its units — into the agenda of Due over the batches concatenated,
// section by section, with the diagnostics renumbered; so a server can
// stream its store through Due batch by batch, at a peak memory set by the
// batch size. Merge's documentation says what a batch must keep together.
//
// The package does no I/O, reads no clock and keeps no state; every function
// is safe for concurrent use on inputs that are not being modified.
package supervision
