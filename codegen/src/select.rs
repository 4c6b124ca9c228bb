//! Which operations a client has: selectors by `operationId`, tag or path,
//! to include and to exclude (`include = ["tag:users"]` in `codegen.toml`).

use std::fmt;
use std::str::FromStr;

/// The operations to generate: those an `include` selector picks (every
/// operation, when there is none) and no `exclude` selector picks. The
/// types of left-out operations' inline schemas are left out with them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Operations to keep.
    pub include: Vec<Selector>,
    /// Operations to leave out, even when included.
    pub exclude: Vec<Selector>,
}

/// One way of picking operations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selector {
    /// `id:NAME`: the operation whose `operationId` is `NAME`.
    Id(String),
    /// `tag:NAME`: the operations tagged `NAME`.
    Tag(String),
    /// `path:GLOB`: the operations of the paths that match: `*` stands for
    /// any text within one segment, `**` for any text (`/users/**`).
    Path(String),
}

impl Selection {
    /// True when the operation at `path` with this id and these tags is generated.
    pub fn selects(&self, path: &str, id: Option<&str>, tags: &[String]) -> bool {
        let picked = |s: &Selector| s.picks(path, id, tags);
        (self.include.is_empty() || self.include.iter().any(picked)) && !self.exclude.iter().any(picked)
    }

    /// True when there is nothing to select.
    pub fn is_all(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty()
    }
}

impl Selector {
    /// True when this selector picks the operation.
    pub fn picks(&self, path: &str, id: Option<&str>, tags: &[String]) -> bool {
        match self {
            Selector::Id(wanted) => id == Some(wanted.as_str()),
            Selector::Tag(wanted) => tags.iter().any(|t| t == wanted),
            Selector::Path(glob) => glob_matches(glob.as_bytes(), path.as_bytes()),
        }
    }
}

impl FromStr for Selector {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let selector = match text.split_once(':') {
            Some(("id", name)) if !name.is_empty() => Selector::Id(name.to_owned()),
            Some(("tag", name)) if !name.is_empty() => Selector::Tag(name.to_owned()),
            Some(("path", glob)) if glob.starts_with('/') => Selector::Path(glob.to_owned()),
            _ => {
                return Err(format!(
                    "`{text}` is not an operation selector: write `id:OPERATION_ID`, `tag:TAG` or `path:/GLOB`"
                ))
            }
        };
        Ok(selector)
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selector::Id(name) => write!(f, "id:{name}"),
            Selector::Tag(name) => write!(f, "tag:{name}"),
            Selector::Path(glob) => write!(f, "path:{glob}"),
        }
    }
}

/// `*` matches any run of bytes but `/`; `**` any run at all.
fn glob_matches(glob: &[u8], text: &[u8]) -> bool {
    match glob {
        [] => text.is_empty(),
        [b'*', b'*', rest @ ..] => (0..=text.len()).any(|i| glob_matches(rest, &text[i..])),
        [b'*', rest @ ..] => {
            let segment = text.iter().position(|&b| b == b'/').unwrap_or(text.len());
            (0..=segment).any(|i| glob_matches(rest, &text[i..]))
        }
        [first, rest @ ..] => text.first() == Some(first) && glob_matches(rest, &text[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selection(include: &[&str], exclude: &[&str]) -> Selection {
        let parse = |list: &[&str]| list.iter().map(|s| s.parse().unwrap()).collect();
        Selection { include: parse(include), exclude: parse(exclude) }
    }

    #[test]
    fn operations_are_picked_by_id_tag_and_path() {
        let tags = [String::from("users")];
        let all = Selection::default();
        assert!(all.is_all() && all.selects("/x", None, &[]));
        let users = selection(&["tag:users", "path:/me/**"], &["id:delete_user"]);
        assert!(users.selects("/users/{id}", Some("get_user"), &tags));
        assert!(!users.selects("/users/{id}", Some("delete_user"), &tags), "excluded");
        assert!(users.selects("/me/settings/theme", None, &[]));
        assert!(!users.selects("/teams", Some("list_teams"), &[]));
        let one_level = selection(&["path:/users/*"], &[]);
        assert!(one_level.selects("/users/{id}", None, &[]));
        assert!(!one_level.selects("/users/{id}/roles", None, &[]));
        assert!(selection(&["path:/users/*/roles"], &[]).selects("/users/{id}/roles", None, &[]));
    }

    #[test]
    fn selectors_read_as_they_print_and_mistakes_say_how_to_write_them() {
        for text in ["id:get_user", "tag:users", "path:/users/**"] {
            assert_eq!(text.parse::<Selector>().unwrap().to_string(), text);
        }
        for bad in ["users", "tag:", "path:users", "name:x"] {
            assert!(bad.parse::<Selector>().unwrap_err().contains("write `id:OPERATION_ID`"), "{bad}");
        }
    }
}
