package plaintest

import "testing"

func TestLinear(t *testing.T) {
	for _, tc := range []struct {
		name, out string
		linear    bool
	}{
		{"lines", "Item 3 of 9: Community concerns.\r\nmeeting> next\r\n", true},
		{"backspace on the line", "meeting> nexx\b \bt\r\n", true},
		{"cursor up", "one\r\n\x1b[Atwo\r\n", false},
		{"cursor up n", "one\r\n\x1b[3Atwo\r\n", false},
		{"clear screen", "\x1b[2Jone\r\n", false},
		{"home", "\x1b[Hone\r\n", false},
		{"alternate screen", "\x1b[?1049hone\r\n", false},
		{"redraw in place", "50%\r75%\r\n", false},
		{"return at the end", "50%\r", false},
		{"colour", "\x1b[31mred\x1b[0m\r\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := Linear(tc.out); (err == nil) != tc.linear {
				t.Errorf("Linear(%q) = %v, want linear %v", tc.out, err, tc.linear)
			}
		})
	}
}
