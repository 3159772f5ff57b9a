import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  isCommandError: (e: unknown) => typeof e === "object" && e !== null && "code" in e,
  backend: { chooseImportFile: vi.fn(), checkImport: vi.fn(), runImport: vi.fn(), importProgress: vi.fn(), cancelImport: vi.fn() },
}));

import { backend, type ImportPreview } from "$lib/backend";
import ImportPanel from "./ImportPanel.svelte";

const PREVIEW: ImportPreview = {
  kind: "customers",
  format: "csv_latin1",
  headers: ["razao", "cnpj_cpf", "fone"],
  sample: [["Ana Lima", "529.982.247-25", "81999998888"]],
  rows: 2,
  mapping: { columns: ["name", "cpf", null] },
  fields: [
    { field: "name", label: "Nome", required: true },
    { field: "cpf", label: "CPF", required: false },
    { field: "phone1", label: "Telefone 1", required: true },
  ],
};

beforeEach(() => {
  vi.mocked(backend.chooseImportFile).mockReset().mockResolvedValue(PREVIEW);
  vi.mocked(backend.checkImport).mockReset();
  vi.mocked(backend.runImport).mockReset();
  vi.mocked(backend.importProgress).mockReset().mockResolvedValue({ running: false, done: 0, total: 0 });
});

async function choose() {
  render(ImportPanel, {});
  await fireEvent.change(screen.getByTestId("import-kind"), { target: { value: "customers" } });
  const file = new File(["razao;cnpj_cpf;fone\n"], "clientes.csv", { type: "text/csv" });
  await fireEvent.change(screen.getByTestId("import-file"), { target: { files: [file] } });
  await screen.findByTestId("import-preview");
}

describe("importing a file", () => {
  it("offers the file in the app's words, opens the system's chooser and names the file read", async () => {
    render(ImportPanel, {});
    expect(screen.getByTestId("import-file-name")).toHaveTextContent("Nenhum arquivo escolhido");
    const opened = vi.spyOn(HTMLInputElement.prototype, "click").mockImplementation(() => {});
    await fireEvent.click(screen.getByRole("button", { name: /Arquivo \(CSV ou XLSX\) Escolher arquivo/ }));
    expect(opened).toHaveBeenCalledTimes(1);
    opened.mockRestore();
    const file = new File(["razao;cnpj_cpf;fone\n"], "clientes.csv", { type: "text/csv" });
    await fireEvent.change(screen.getByTestId("import-file"), { target: { files: [file] } });
    await screen.findByTestId("import-preview");
    expect(screen.getByTestId("import-file-name")).toHaveTextContent("clientes.csv");
  });

  it("shows how the file was read and the columns still to match, and sends the bytes as base64", async () => {
    await choose();
    expect(backend.chooseImportFile).toHaveBeenLastCalledWith("customers", btoa("razao;cnpj_cpf;fone\n"));
    expect(screen.getByTestId("import-read")).toHaveTextContent("clientes.csv: CSV (Latin-1), 2 linhas de dados");
    expect(screen.getByTestId("import-missing")).toHaveTextContent("Falta indicar a coluna de: Telefone 1");
    expect(screen.getByTestId("import-run")).toBeDisabled();
  });

  it("lists the problems by line and column and imports only a clean check of the same matching", async () => {
    await choose();
    vi.mocked(backend.checkImport).mockResolvedValueOnce({
      ready: 1,
      leftOut: 0,
      problemCount: 1,
      problems: [{ line: 3, letter: "B", column: "cnpj_cpf", message: "Linha 3, coluna B (cnpj_cpf): CPF inválido", what: "CPF inválido" }],
    });
    await fireEvent.change(screen.getAllByTestId("import-column")[2], { target: { value: "phone1" } });
    await fireEvent.click(screen.getByTestId("import-check"));
    expect(backend.checkImport).toHaveBeenLastCalledWith({ columns: ["name", "cpf", "phone1"] });
    const problem = await screen.findByTestId("import-problem");
    expect(problem).toHaveTextContent("3");
    expect(problem).toHaveTextContent("B (cnpj_cpf)");
    expect(screen.getByTestId("import-run")).toBeDisabled();

    vi.mocked(backend.checkImport).mockResolvedValueOnce({ ready: 2, leftOut: 0, problemCount: 0, problems: [] });
    await fireEvent.click(screen.getByTestId("import-check"));
    await waitFor(() => expect(screen.getByTestId("import-run")).toBeEnabled());
    // A matching changed after the check needs a new check.
    await fireEvent.change(screen.getAllByTestId("import-column")[1], { target: { value: "" } });
    expect(screen.getByTestId("import-run")).toBeDisabled();
    await fireEvent.change(screen.getAllByTestId("import-column")[1], { target: { value: "cpf" } });
    expect(screen.getByTestId("import-run")).toBeEnabled();

    vi.mocked(backend.runImport).mockResolvedValue({ summary: { created: 2, updated: 0, unchanged: 0 }, leftOut: 0, firstPasswords: [] });
    await fireEvent.click(screen.getByTestId("import-run"));
    expect(await screen.findByTestId("import-notice")).toHaveTextContent("Importação concluída: 2 novos, 0 atualizados, 0 sem mudança.");
    expect(screen.queryByTestId("first-passwords")).toBeNull();
  });

  it("shows a staff list's first passwords once the import ends, and keeps them while another file is read", async () => {
    render(ImportPanel, { kinds: ["plans", "people"] });
    await fireEvent.change(screen.getByTestId("import-kind"), { target: { value: "people" } });
    expect(screen.getByTestId("import-people-hint")).toHaveTextContent("senha inicial, mostrada uma só vez");
    vi.mocked(backend.chooseImportFile).mockResolvedValue({
      ...PREVIEW,
      kind: "people",
      headers: ["Nome", "Login", "Papel"],
      mapping: { columns: ["name", "login", "role"] },
      fields: [
        { field: "name", label: "Nome", required: true },
        { field: "login", label: "Login", required: true },
        { field: "role", label: "Papel", required: true },
      ],
    });
    const file = new File(["Nome;Login;Papel\n"], "equipe.csv", { type: "text/csv" });
    await fireEvent.change(screen.getByTestId("import-file"), { target: { files: [file] } });
    await screen.findByTestId("import-preview");
    expect(backend.chooseImportFile).toHaveBeenLastCalledWith("people", btoa("Nome;Login;Papel\n"));
    vi.mocked(backend.checkImport).mockResolvedValueOnce({ ready: 2, leftOut: 0, problemCount: 0, problems: [] });
    await fireEvent.click(screen.getByTestId("import-check"));
    await waitFor(() => expect(screen.getByTestId("import-run")).toBeEnabled());
    vi.mocked(backend.runImport).mockResolvedValue({
      summary: { created: 1, updated: 0, unchanged: 1 },
      leftOut: 0,
      firstPasswords: [{ name: "Carla Nunes", login: "carla", role: "technician", password: "ab3d-ef4h-jk5m" }],
    });
    await fireEvent.click(screen.getByTestId("import-run"));
    const row = await screen.findByTestId("first-password");
    expect(row).toHaveAttribute("data-login", "carla");
    expect(row).toHaveTextContent("Carla Nunes");
    expect(row).toHaveTextContent("ab3d-ef4h-jk5m");
    expect(screen.getByTestId("first-passwords")).toHaveTextContent("não será mostrada de novo");
    // Reading the next file leaves them on screen.
    await fireEvent.change(screen.getByTestId("import-kind"), { target: { value: "plans" } });
    await fireEvent.change(screen.getByTestId("import-file"), { target: { files: [file] } });
    await waitFor(() => expect(backend.chooseImportFile).toHaveBeenLastCalledWith("plans", btoa("Nome;Login;Papel\n")));
    expect(screen.getByTestId("first-password")).toHaveTextContent("ab3d-ef4h-jk5m");
  });

  it("says why a file cannot be read", async () => {
    vi.mocked(backend.chooseImportFile).mockRejectedValue({ code: "invalid_input", message: "O arquivo não é uma planilha", params: {} });
    render(ImportPanel, {});
    const file = new File(["\u0000PNG"], "foto.png");
    await fireEvent.change(screen.getByTestId("import-file"), { target: { files: [file] } });
    expect(await screen.findByTestId("import-error")).toHaveTextContent("O arquivo não é uma planilha");
    expect(screen.queryByTestId("import-preview")).toBeNull();
  });
});
