package xlsx

import (
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// enumLabels gives the Chinese label of each value of an enum, indexed by the
// enum number; index 0 (UNSPECIFIED) is the empty cell.
type enumLabels struct {
	desc   protoreflect.EnumDescriptor
	labels []string
}

func newEnum(desc protoreflect.EnumDescriptor, labels ...string) enumLabels {
	return enumLabels{desc: desc, labels: append([]string{""}, labels...)}
}

// label returns the Chinese label of n, or the enum value's name for a number
// without one.
func (e enumLabels) label(n int32) string {
	if n >= 0 && int(n) < len(e.labels) {
		return e.labels[n]
	}
	if v := e.desc.Values().ByNumber(protoreflect.EnumNumber(n)); v != nil {
		return string(v.Name())
	}
	return ""
}

// parse accepts the Chinese label or the schema's value name (e.g.
// DIMENSION_POLITICAL); an empty cell is 0.
func (e enumLabels) parse(s string) (int32, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	for i, l := range e.labels {
		if i > 0 && l == s {
			return int32(i), true
		}
	}
	if v := e.desc.Values().ByName(protoreflect.Name(strings.ToUpper(s))); v != nil && v.Number() != 0 {
		return int32(v.Number()), true
	}
	return 0, false
}

// choices are the labels offered in a drop-down.
func (e enumLabels) choices() []string { return e.labels[1:] }

var (
	dimensions = newEnum(zerenv1.Dimension(0).Descriptor(),
		"政治建设", "思想建设", "组织建设", "作风建设", "党风廉政建设", "队伍建设", "群团建设", "制度建设", "其他")
	origins = newEnum(zerenv1.ProblemOrigin(0).Descriptor(),
		"巡视巡察", "督查检查", "自查", "上级反馈", "其他")
	severities  = newEnum(zerenv1.Severity(0).Descriptor(), "一般", "较重", "严重")
	comparisons = newEnum(zerenv1.Comparison(0).Descriptor(), "不少于", "不多于", "等于", "完成")
	frequencies = newEnum(zerenv1.PeriodKind(0).Descriptor(), "年度", "半年", "季度", "月度")
	splits      = newEnum(zerenv1.SplitRule(0).Descriptor(), "按期分摊", "累计", "每期重复")
	roundings   = newEnum(zerenv1.Rounding(0).Descriptor(), "余数在前", "余数在后", "四舍五入", "四舍六入五成双")
	choicesEnum = newEnum(zerenv1.ReviewChoice(0).Descriptor(), "好", "较好", "一般", "差")
	caseStates  = newEnum(zerenv1.CaseState(0).Descriptor(), "待整改", "整改中", "已提交", "已核验", "已销号", "已退回")
	urgencies   = newEnum(zerenv1.Urgency(0).Descriptor(), "一般", "紧急", "特急")
	sources     = newEnum(zerenv1.CaseSource(0).Descriptor(), "逾期", "督查发现", "人工立案")
	statuses    = newEnum(zerenv1.ProposalStatus(0).Descriptor(), "待决定", "已确认", "已否决", "已撤回")
)

// DimensionName is the Chinese name of a dimension (政治建设 …), "" for
// UNSPECIFIED.
func DimensionName(d zerenv1.Dimension) string { return dimensions.label(int32(d)) }

// yesNo renders a flag as 是 or the empty cell.
func yesNo(b bool) string {
	if b {
		return "是"
	}
	return ""
}

func parseYesNo(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "否", "false", "no", "0":
		return false, true
	case "是", "true", "yes", "1":
		return true, true
	}
	return false, false
}

// listSep joins the ids of a list cell; splitList also accepts commas and
// semicolons, full-width or not.
const listSep = "、"

func splitList(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case '、', ',', '，', ';', '；', '\n':
			return true
		}
		return false
	})
	var out []string
	for _, x := range f {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
