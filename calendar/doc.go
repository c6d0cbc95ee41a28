// Package calendar is a working-day calendar (工作日历) kept as data: in
// China Saturdays and Sundays are rest days, the State Council's yearly
// notice (国务院办公厅关于部分节假日安排的通知) adds public holidays
// (法定节假日及调休放假日) and turns some weekend days into make-up working
// days (调休上班). Due dates (完成时限), reminders (提示) and supervision
// deadlines (督办期限) are counted in working days and moved off rest days
// with this calendar.
//
// [New] validates a [zerenv1.Calendar] document (load one with [Parse])
// and reports every problem at once as a [*ValidationError]; [Weekends]
// is the calendar without holidays. A [Calendar] answers on days, in its
// time zone:
//
//   - [Calendar.IsWorkday], [Calendar.IsHoliday];
//   - [Calendar.NextWorkday], [Calendar.PrevWorkday] and
//     [Calendar.Adjust] with a [Rule]: [Following] (顺延, the usual rule
//     for a due date on a rest day) or [Preceding] (提前);
//   - [Calendar.AddWorkdays] and [Calendar.WorkdaysBetween], which never
//     count the starting day: one working day after a Friday is the next
//     Monday, and a task due on Friday and still open on Monday is one
//     working day overdue;
//   - [Calendar.WorkdaysIn] to range over the working days of an interval.
//
// A day is the instant it begins in the calendar's location, as everywhere
// in the schema ("2026-10-01T00:00:00+08:00"); an instant stands for the
// day that contains it. The arithmetic is on day numbers with binary search
// over the sorted exceptions, so AddWorkdays and WorkdaysBetween take
// logarithmic time whatever the distance.
//
// The package does no I/O and reads no clock. The library's sample calendar
// for 2026 is github.com/zerenlab/zeren/sample.Calendar — a sample, not the
// official notice.
package calendar
