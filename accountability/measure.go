package accountability

import zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"

// MeasureName returns the Chinese name of an accountability measure, e.g.
// "约谈"; for OTHER the custom code; "" for UNSPECIFIED.
func MeasureName(m zerenv1.AccountabilityMeasure, custom string) string {
	switch m {
	case zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_INSPECTION:
		return "检查"
	case zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_CIRCULAR:
		return "通报"
	case zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_REORGANIZATION:
		return "改组"
	case zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_REMINDER_TALK:
		return "提醒谈话"
	case zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_ADMONITORY_TALK:
		return "约谈"
	case zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_WRITTEN_INQUIRY:
		return "函询"
	case zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_ADMONITION:
		return "诫勉"
	case zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_ORGANIZATIONAL_ADJUSTMENT:
		return "组织调整或组织处理"
	case zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_DISCIPLINARY_ACTION:
		return "纪律处分"
	case zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_OTHER:
		return custom
	}
	return ""
}

// fits reports whether a measure applies to a target: 检查 and 改组 to
// organisations; 通报 to both; the talks, 函询, 诫勉, 组织调整 and 纪律处分 to
// people; OTHER to either.
func fits(m zerenv1.AccountabilityMeasure, t zerenv1.ProposalTarget) bool {
	org := t == zerenv1.ProposalTarget_PROPOSAL_TARGET_ORGANIZATION
	switch m {
	case zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_INSPECTION,
		zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_REORGANIZATION:
		return org
	case zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_CIRCULAR,
		zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_OTHER:
		return true
	case zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_REMINDER_TALK,
		zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_ADMONITORY_TALK,
		zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_WRITTEN_INQUIRY,
		zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_ADMONITION,
		zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_ORGANIZATIONAL_ADJUSTMENT,
		zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_DISCIPLINARY_ACTION:
		return !org
	}
	return false
}
