package responsibility

import zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"

// KindName returns the Chinese name of a responsibility kind as OA screens
// show it, e.g. "主体责任"; "" for UNSPECIFIED.
func KindName(k zerenv1.ResponsibilityKind) string {
	switch k {
	case zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_PRINCIPAL:
		return "主体责任"
	case zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_FIRST_RESPONSIBLE:
		return "第一责任人责任"
	case zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_DIRECT:
		return "直接责任"
	case zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_DUAL_DUTY:
		return "一岗双责"
	case zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_IMPLEMENTATION:
		return "具体责任"
	case zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_SUPERVISORY:
		return "监督责任"
	case zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_GUIDANCE:
		return "统一领导、指导督促"
	case zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_OTHER:
		return "其他责任"
	}
	return ""
}

// LiabilityName returns the Chinese name of a liability grade, e.g.
// "主要领导责任"; "" for UNSPECIFIED.
func LiabilityName(k zerenv1.LiabilityKind) string {
	switch k {
	case zerenv1.LiabilityKind_LIABILITY_KIND_OVERALL:
		return "全面领导责任"
	case zerenv1.LiabilityKind_LIABILITY_KIND_PRINCIPAL:
		return "主要领导责任"
	case zerenv1.LiabilityKind_LIABILITY_KIND_IMPORTANT:
		return "重要领导责任"
	case zerenv1.LiabilityKind_LIABILITY_KIND_SUPERVISORY:
		return "监督责任"
	}
	return ""
}

// AppointmentKindName returns "任职", "代理" or "委托".
func AppointmentKindName(k zerenv1.AppointmentKind) string {
	switch k {
	case zerenv1.AppointmentKind_APPOINTMENT_KIND_ACTING:
		return "代理"
	case zerenv1.AppointmentKind_APPOINTMENT_KIND_DELEGATED:
		return "委托"
	}
	return "任职"
}
