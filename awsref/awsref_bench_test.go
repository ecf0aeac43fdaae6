package awsref

import "testing"

// BenchmarkLoad measures the first-use cost: decode and index the
// embedded artifact, which the first lookup in a process pays once.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := load(artifact); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLookupAction(b *testing.B) {
	ref()
	for _, name := range []string{"s3:getobject", "S3:GetObject"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := LookupAction(name); !ok {
					b.Fatal("not found")
				}
			}
		})
	}
}

func BenchmarkLookupConditionKey(b *testing.B) {
	ref()
	for _, name := range []string{"aws:SourceVpc", "aws:RequestTag/CostCenter"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := LookupConditionKey(name); !ok {
					b.Fatal("not found")
				}
			}
		})
	}
}

func BenchmarkExpand(b *testing.B) {
	ref()
	for _, pattern := range []string{"ec2:Run*", "s3:*Object*", "*:Get*", "*"} {
		b.Run(pattern, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if len(Expand(pattern)) == 0 {
					b.Fatal("no match")
				}
			}
		})
	}
}

func BenchmarkResourceTypesForARN(b *testing.B) {
	ref()
	b.ReportAllocs()
	for b.Loop() {
		if len(ResourceTypesForARN("s3", "arn:aws:s3:::bucket/*")) == 0 {
			b.Fatal("no match")
		}
	}
}
