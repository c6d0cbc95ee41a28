package supervision

import (
	"fmt"
	"time"

	"github.com/zerenlab/zeren/calendar"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// periodOf returns the period of a kind that contains year-month.
func periodOf(kind zerenv1.PeriodKind, year int, month time.Month) *zerenv1.Period {
	n := calendar.PeriodsPerYear(kind)
	return &zerenv1.Period{Kind: kind, Year: int32(year), Index: int32((int(month)-1)/(12/n) + 1)}
}

// previous returns the period before p (of the same kind).
func previous(p *zerenv1.Period) *zerenv1.Period {
	if p.GetIndex() > 1 {
		return &zerenv1.Period{Kind: p.GetKind(), Year: p.GetYear(), Index: p.GetIndex() - 1}
	}
	n := calendar.PeriodsPerYear(p.GetKind())
	return &zerenv1.Period{Kind: p.GetKind(), Year: p.GetYear() - 1, Index: int32(n)}
}

// overlaps reports whether an assignment's period (or, without one, the
// month of its due date) falls in the collected period.
func overlaps(p *zerenv1.Period, year int32, dueYear, dueMonth int, first, last int) bool {
	if p == nil {
		return dueYear == int(year) && dueMonth >= first && dueMonth <= last
	}
	if p.GetYear() != year {
		return false
	}
	f, l, ok := calendar.PeriodMonths(p)
	return ok && f <= last && l >= first
}

func quarterName(q int32) string {
	switch q {
	case 1:
		return "第一季度"
	case 2:
		return "第二季度"
	case 3:
		return "第三季度"
	default:
		return "第四季度"
	}
}

// dispatchID and dispatchTitle name a dispatch by the period collected:
// "DD-2026-03" "3月份党建工作进度调度", "DD-2026-Q1" "第一季度党建工作推进调度",
// "DD-2026-H1" "上半年党建工作调度", "DD-2026" "2026年度党建工作考评调度".
func dispatchID(p *zerenv1.Period) string {
	switch p.GetKind() {
	case zerenv1.PeriodKind_PERIOD_KIND_MONTH:
		return fmt.Sprintf("DD-%d-%02d", p.GetYear(), p.GetIndex())
	case zerenv1.PeriodKind_PERIOD_KIND_QUARTER:
		return fmt.Sprintf("DD-%d-Q%d", p.GetYear(), p.GetIndex())
	case zerenv1.PeriodKind_PERIOD_KIND_HALF:
		return fmt.Sprintf("DD-%d-H%d", p.GetYear(), p.GetIndex())
	default:
		return fmt.Sprintf("DD-%d", p.GetYear())
	}
}

func dispatchTitle(p *zerenv1.Period) string {
	switch p.GetKind() {
	case zerenv1.PeriodKind_PERIOD_KIND_MONTH:
		return fmt.Sprintf("%d年%d月份党建工作进度调度", p.GetYear(), p.GetIndex())
	case zerenv1.PeriodKind_PERIOD_KIND_QUARTER:
		return fmt.Sprintf("%d年%s党建工作推进调度", p.GetYear(), quarterName(p.GetIndex()))
	case zerenv1.PeriodKind_PERIOD_KIND_HALF:
		if p.GetIndex() == 1 {
			return fmt.Sprintf("%d年上半年党建工作调度", p.GetYear())
		}
		return fmt.Sprintf("%d年下半年党建工作调度", p.GetYear())
	default:
		return fmt.Sprintf("%d年度党建工作考评调度", p.GetYear())
	}
}
