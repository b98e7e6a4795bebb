package zpm.repl.render;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TableTest {

    @Test
    void padsColumnsToTheWidestCellAndAlignsNumbersRight() {
        Table t = new Table(">ID", "APP", "STATE").row(1, "web", "online").row(12, "api", "backoff");
        assertThat(t.render(false)).isEqualTo(String.join("\n",
                "ID  APP  STATE",
                " 1  web  online",
                "12  api  backoff"));
    }

    @Test
    void colorDoesNotChangeTheLayout() {
        Table t = new Table("STATE", "APP").row(new Table.Cell("online", Style.GREEN), "web");
        String plain = t.render(false);
        String colored = t.render(true).replaceAll("\u001b\\[[0-9;]*m", "");
        assertThat(colored).isEqualTo(plain);
        assertThat(t.render(true)).contains("\u001b[32monline\u001b[0m");
    }

    @Test
    void anOptionalColumnIsLeftOutWhenItIsEmpty() {
        Table empty = new Table("APP", "?NOTE").row("web", "");
        Table full = new Table("APP", "?NOTE").row("web", "").row("api", "crash loop");
        assertThat(empty.render(false)).isEqualTo("APP\nweb");
        assertThat(full.render(false)).isEqualTo("APP  NOTE\nweb\napi  crash loop");
    }
}
