package io.hfvram.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Help text wrapped at spaces only. picocli's wrapping uses the JDK's line BreakIterator, which
 * breaks after a '.' before a letter ("e.\n g.", "~/.\n cache", ".\n gguf"); here descriptions are
 * cut at the last space that fits (a word longer than the column is cut where it must be).
 */
final class HelpLayout implements CommandLine.IHelpFactory {
  @Override
  public Help create(CommandSpec spec, ColorScheme colors) {
    return new SpaceWrappingHelp(spec, colors);
  }

  /** The lines of {@code text}, each at most {@code width} characters, cut at spaces. */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    String rest = text;
    while (rest.length() > width) {
      int cut = rest.lastIndexOf(' ', width);
      if (cut <= 0) {
        cut = width;
      }
      lines.add(rest.substring(0, cut).stripTrailing());
      rest = rest.substring(cut).stripLeading();
    }
    lines.add(rest);
    return lines;
  }

  /** picocli's help with the description and the option and parameter lists wrapped at spaces. */
  static final class SpaceWrappingHelp extends Help {
    SpaceWrappingHelp(CommandSpec spec, ColorScheme colors) {
      super(spec, colors);
    }

    @Override
    public Layout createDefaultLayout(
        List<OptionSpec> options, List<PositionalParamSpec> positionals, ColorScheme colors) {
      Layout layout = super.createDefaultLayout(options, positionals, colors);
      TextTable table = new SpaceWrappingTable(colors, layout.textTable().columns());
      table.setAdjustLineBreaksForWideCJKCharacters(
          layout.textTable().isAdjustLineBreaksForWideCJKCharacters());
      return new Layout(
          colors, table, createDefaultOptionRenderer(), createDefaultParameterRenderer());
    }

    @Override
    public String description(Object... params) {
      StringBuilder sb = new StringBuilder();
      int width = commandSpec().usageMessage().width();
      for (String line : commandSpec().usageMessage().description()) {
        String text = params.length == 0 ? line : String.format(line, params);
        for (String l : wrap(text.replace("%n", "\n"), width)) {
          sb.append(l).append(System.lineSeparator());
        }
      }
      return sb.toString();
    }
  }

  /** A text table whose wrapping columns are filled one space-cut piece per row. */
  static final class SpaceWrappingTable extends TextTable {
    private final ColorScheme colors;

    SpaceWrappingTable(ColorScheme colors, Help.Column[] columns) {
      super(colors, columns);
      this.colors = colors;
    }

    @Override
    public Cell putValue(int row, int col, Help.Ansi.Text value) {
      Help.Column c = columns()[col];
      if (c.overflow != Help.Column.Overflow.WRAP
          || value == null
          || value.plainString().isEmpty()) {
        return super.putValue(row, col, value);
      }
      Help.Ansi.Text rest = value;
      int r = row;
      boolean first = true;
      while (true) {
        int room = c.width - c.indent - (first ? 0 : indentWrappedLines);
        String plain = rest.plainString();
        Help.Ansi.Text piece = rest;
        Help.Ansi.Text next = null;
        if (plain.length() > room) {
          int cut = plain.lastIndexOf(' ', room);
          int skip = 1;
          if (cut <= 0) {
            cut = room;
            skip = 0;
          }
          piece = rest.substring(0, cut);
          next = rest.substring(cut + skip);
        }
        Help.Ansi.Text out =
            first ? piece : colors.text(" ".repeat(indentWrappedLines)).concat(piece);
        Cell cell = super.putValue(r, col, out);
        if (next == null || next.plainString().isEmpty()) {
          return cell;
        }
        addEmptyRow();
        r = cell.row + 1;
        first = false;
        rest = next;
      }
    }
  }
}
