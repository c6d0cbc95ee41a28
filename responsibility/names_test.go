package responsibility_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

func TestEveryEnumValueHasAChineseName(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for v := range zerenv1.ResponsibilityKind_name {
		k := zerenv1.ResponsibilityKind(v)
		name := responsibility.KindName(k)
		if k == zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_UNSPECIFIED {
			assert.Empty(t, name)
			continue
		}
		assert.NotEmpty(t, name, k.String())
		assert.False(t, seen[name], "duplicate name %s", name)
		seen[name] = true
	}
	for v := range zerenv1.LiabilityKind_name {
		k := zerenv1.LiabilityKind(v)
		assert.Equal(t, k != zerenv1.LiabilityKind_LIABILITY_KIND_UNSPECIFIED, responsibility.LiabilityName(k) != "", k.String())
	}
	assert.Equal(t, "代理", responsibility.AppointmentKindName(zerenv1.AppointmentKind_APPOINTMENT_KIND_ACTING))
	assert.Equal(t, "委托", responsibility.AppointmentKindName(zerenv1.AppointmentKind_APPOINTMENT_KIND_DELEGATED))
	assert.Equal(t, "任职", responsibility.AppointmentKindName(zerenv1.AppointmentKind_APPOINTMENT_KIND_REGULAR))
}
