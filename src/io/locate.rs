//! The JSON path of a position in a JSON text: where a typing error that serde
//! reports by line and column sits in the document (`$.maps[0].elements[3].id`).
//! A small scan of the text up to that point replaces tracking the path during
//! every read, which would double the reading time and the code that does it.

/// One open container on the way to the position.
enum Frame {
    /// An object, with the last key read in it.
    Object(Option<String>),
    /// An array, with the index of the element being read.
    Array(usize),
}

/// The byte offset of a 1-based line and column.
fn offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column).min(text.len())
}

/// The path of the value being read at `line`:`column` (as serde_json reports them).
/// `whole_object`: the error is about the object itself (a missing field), not its last key.
pub fn path_at(text: &str, line: usize, column: usize, whole_object: bool) -> String {
    let end = offset(text, line, column);
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    // Whether the next string in an object is a key.
    let mut expect_key = false;
    while i < end {
        match bytes[i] {
            b'{' => {
                stack.push(Frame::Object(None));
                expect_key = true;
            }
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
                expect_key = false;
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(index)) => *index += 1,
                Some(Frame::Object(_)) => expect_key = true,
                None => {}
            },
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if expect_key && let Some(Frame::Object(key)) = stack.last_mut() {
                    *key = Some(text.get(start..i.min(text.len())).unwrap_or("").to_string());
                    expect_key = false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if whole_object && let Some(Frame::Object(key)) = stack.last_mut() {
        *key = None;
    }
    let mut path = String::from("$");
    for frame in &stack {
        match frame {
            Frame::Object(Some(key)) => {
                path.push('.');
                path.push_str(key);
            }
            Frame::Object(None) => {}
            Frame::Array(index) => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_map_to_paths() {
        let text = "{\"a\": [1, {\"b\": \"x\\\"y\", \"c\": 2}],\n \"d\": {}}";
        // Just after "x\"y": inside a[1].b.
        let at = text.find("y\"").unwrap() + 2;
        assert_eq!(path_at(text, 1, at, false), "$.a[1].b");
        let at = text.find("2}").unwrap() + 1;
        assert_eq!(path_at(text, 1, at, false), "$.a[1].c");
        assert_eq!(path_at(text, 1, at, true), "$.a[1]");
        assert_eq!(path_at(text, 2, 7, false), "$.d");
        assert_eq!(path_at(text, 1, 0, false), "$");
    }
}
