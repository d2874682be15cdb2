package dev.quire.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class BlocksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What Strapi 5's editor writes, one block of each type. */
    private static final String EVERY_BLOCK = """
            [
              {"type": "heading", "level": 2, "children": [{"type": "text", "text": "Quire"}]},
              {"type": "paragraph", "children": [
                {"type": "text", "text": "A ", "bold": true, "italic": false},
                {"type": "link", "url": "https://example.com/a b?c=d", "children": [{"type": "text", "text": "link"}]},
                {"type": "link", "url": "/about", "children": []},
                {"type": "link", "url": "mailto:ann@example.com", "children": [{"type": "text", "text": "mail"}]}
              ]},
              {"type": "quote", "children": [{"type": "text", "text": "", "code": true}]},
              {"type": "code", "language": "java", "children": [{"type": "text", "text": "int x;"}]},
              {"type": "code", "language": null, "children": [{"type": "text", "text": "plain"}]},
              {"type": "list", "format": "unordered", "children": [
                {"type": "list-item", "children": [{"type": "text", "text": "one"}]},
                {"type": "list", "format": "ordered", "children": [
                  {"type": "list-item", "children": [{"type": "text", "text": "one.one"}]}
                ]}
              ]},
              {"type": "image", "image": {"name": "a.png", "alternativeText": null, "url": "/uploads/a.png",
                "caption": null, "width": 10, "height": 20, "formats": null, "hash": "a", "ext": ".png",
                "mime": "image/png", "size": 1.5, "previewUrl": null, "provider": "local",
                "provider_metadata": null, "createdAt": "2026-01-01T00:00:00.000Z",
                "updatedAt": "2026-01-01T00:00:00.000Z"},
                "children": [{"type": "text", "text": ""}]}
            ]""";

    private static String problem(String json) throws Exception {
        return Blocks.problem("body", JSON.readTree(json));
    }

    @Test
    void everyBlockStrapisEditorWritesIsTaken() throws Exception {
        assertThat(problem(EVERY_BLOCK)).isNull();
        assertThat(problem("[]")).isNull();
    }

    @Test
    void eachRefusalNamesTheNode() throws Exception {
        assertThat(problem("\"text\"")).isEqualTo("body must be an array of blocks");
        assertThat(problem("[{\"type\": \"table\", \"children\": []}]"))
                .isEqualTo("body[0].type must be paragraph, heading, quote, code, list or image");
        assertThat(problem(
                "[{\"type\": \"heading\", \"level\": 7, \"children\": [{\"type\": \"text\", \"text\": \"x\"}]}]"))
                .isEqualTo("body[0].level must be 1, 2, 3, 4, 5 or 6");
        assertThat(problem(
                "[{\"type\": \"heading\", \"level\": 4294967297, \"children\": [{\"type\": \"text\", \"text\": \"x\"}]}]"))
                .isEqualTo("body[0].level must be 1, 2, 3, 4, 5 or 6");
        assertThat(problem("[{\"type\": \"paragraph\", \"children\": []}]"))
                .isEqualTo("body[0].children must not be empty");
        assertThat(problem("[{\"type\": \"paragraph\"}]")).isEqualTo("body[0].children must be an array");
        assertThat(problem("[{\"type\": \"paragraph\", \"children\": [{\"type\": \"text\"}]}]"))
                .isEqualTo("body[0].children[0].text must be a string");
        assertThat(problem(
                "[{\"type\": \"paragraph\", \"children\": [{\"type\": \"text\", \"text\": \"x\", \"bold\": \"yes\"}]}]"))
                .isEqualTo("body[0].children[0].bold must be true or false");
        assertThat(problem(
                "[{\"type\": \"code\", \"children\": [{\"type\": \"link\", \"url\": \"/\", \"children\": []}]}]"))
                .isEqualTo("body[0].children[0] must be a text");
        assertThat(problem("[{\"type\": \"list\", \"format\": \"bulleted\", \"children\": []}]"))
                .isEqualTo("body[0].format must be ordered or unordered");
        assertThat(problem(
                "[{\"type\": \"list\", \"format\": \"ordered\", \"children\": [{\"type\": \"paragraph\", \"children\": []}]}]"))
                .isEqualTo("body[0].children[0] must be a list-item or a list");
        assertThat(problem("[{\"type\": \"image\", \"image\": {\"name\": \"a.png\"}, \"children\": []}]"))
                .isEqualTo("body[0].image.url must be a string");
        assertThat(problem("[{\"type\": \"paragraph\", \"children\": [\"text\"]}]"))
                .isEqualTo("body[0].children[0] must be a text or a link");
    }

    @Test
    void linksThatRunCodeAreRefusedHoweverTheyAreSpelt() throws Exception {
        for (String url : new String[]{"javascript:alert(1)", "JavaScript:alert(1)", "vbscript:x", "data:text/html,x",
                "java\tscript:alert(1)", " javascript:alert(1)", "relative/path", ""}) {
            String json = "[{\"type\": \"paragraph\", \"children\": [{\"type\": \"link\", \"url\": "
                    + JSON.writeValueAsString(url) + ", \"children\": []}]}]";
            assertThat(problem(json)).as(url).isEqualTo("body[0].children[0].url must be a link that is absolute or"
                    + " starts with /, and not javascript:, vbscript: or data:");
        }
    }
}
