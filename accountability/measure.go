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

// The citations a measure's kind rests on. Only what could be checked is
// cited by article: 《中国共产党问责条例》（2019）第八条 lists the 问责方式 —
// for Party organisations 检查、通报、改组, for leading cadres 通报、诫勉、
// 组织调整或者组织处理、纪律处分. 谈话提醒、约谈、函询 are not among them:
// they are the first of the four forms of supervision and discipline
// (监督执纪"四种形态"), which 《中国共产党党内监督条例》 and
// 《中国共产党纪律处分条例》 set out; no article is cited for them.
const (
	// CitationAccountability is the basis of the 问责方式.
	CitationAccountability = "《中国共产党问责条例》（2019）第八条"
	// CitationFirstForm is the basis of 谈话提醒、约谈、函询.
	CitationFirstForm = "《中国共产党党内监督条例》《中国共产党纪律处分条例》：监督执纪“四种形态”的第一种（谈话提醒、约谈、函询），不属于问责方式"
)

// Basis says under which regime a measure is proposed and what it rests on:
//
//   - 检查, 通报, 改组 (organisations) and 通报, 诫勉, 组织调整或组织处理, 纪律处分
//     (people): MEASURE_BASIS_ACCOUNTABILITY, [CitationAccountability];
//   - 提醒谈话, 约谈, 函询: MEASURE_BASIS_FIRST_FORM, [CitationFirstForm] —
//     early handling under the first of the 四种形态, not 问责;
//   - OTHER: MEASURE_BASIS_OTHER and no citation (the trigger's basis says);
//   - UNSPECIFIED or unknown: MEASURE_BASIS_UNSPECIFIED.
func Basis(m zerenv1.AccountabilityMeasure) (zerenv1.MeasureBasis, string) {
	switch m {
	case zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_INSPECTION,
		zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_CIRCULAR,
		zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_REORGANIZATION,
		zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_ADMONITION,
		zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_ORGANIZATIONAL_ADJUSTMENT,
		zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_DISCIPLINARY_ACTION:
		return zerenv1.MeasureBasis_MEASURE_BASIS_ACCOUNTABILITY, CitationAccountability
	case zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_REMINDER_TALK,
		zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_ADMONITORY_TALK,
		zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_WRITTEN_INQUIRY:
		return zerenv1.MeasureBasis_MEASURE_BASIS_FIRST_FORM, CitationFirstForm
	case zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_OTHER:
		return zerenv1.MeasureBasis_MEASURE_BASIS_OTHER, ""
	}
	return zerenv1.MeasureBasis_MEASURE_BASIS_UNSPECIFIED, ""
}

// BasisName returns the Chinese label of a measure basis: "问责方式",
// "第一种形态", "其他", or "" for UNSPECIFIED.
func BasisName(b zerenv1.MeasureBasis) string {
	switch b {
	case zerenv1.MeasureBasis_MEASURE_BASIS_ACCOUNTABILITY:
		return "问责方式"
	case zerenv1.MeasureBasis_MEASURE_BASIS_FIRST_FORM:
		return "第一种形态"
	case zerenv1.MeasureBasis_MEASURE_BASIS_OTHER:
		return "其他"
	}
	return ""
}
