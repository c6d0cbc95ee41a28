package people

import (
	"errors"

	"github.com/zerenlab/zeren/assessment"
)

func asValidation(err error, ve **assessment.ValidationError) bool { return errors.As(err, ve) }
