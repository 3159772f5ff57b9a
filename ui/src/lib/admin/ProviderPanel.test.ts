import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/backend", () => ({
  backend: {
    providerProfile: vi.fn(),
    setProviderProfile: vi.fn(),
    findMunicipalities: vi.fn(),
    municipalityNames: vi.fn(),
    technicianSkills: vi.fn(async () => []),
  },
}));

import { backend, type MunicipalityView, type ProviderProfile } from "$lib/backend";
import ProviderPanel from "./ProviderPanel.svelte";

const CAMPINAS: MunicipalityView = { ibge: 3509502, name: "Campinas", uf: "SP", zone: "America/Sao_Paulo" };
const SUMARE: MunicipalityView = { ibge: 3552403, name: "Sumaré", uf: "SP", zone: "America/Sao_Paulo" };
const KEPT: ProviderProfile = {
  name: "Conecta",
  cnpj: "11222333000181",
  municipalities: [3509502],
  bases: [{ name: "Sede", lat: -22.9056, lon: -47.0608, technicians: [] }],
};

beforeEach(() => {
  vi.mocked(backend.providerProfile).mockReset().mockResolvedValue(null);
  vi.mocked(backend.setProviderProfile).mockReset();
  vi.mocked(backend.findMunicipalities).mockReset().mockResolvedValue([]);
  vi.mocked(backend.municipalityNames).mockReset().mockResolvedValue([]);
});

describe("provider profile", () => {
  it("says the calendar has national holidays only and Brasília's time until the profile is filled in", async () => {
    render(ProviderPanel, {});
    expect(await screen.findByTestId("provider-profile")).toHaveTextContent(
      "o calendário tem só os feriados nacionais e a hora de Brasília até lá",
    );
  });

  it("finds municipalities by name, makes one the head office, and saves the profile with coordinates typed with a comma", async () => {
    vi.mocked(backend.findMunicipalities).mockResolvedValue([CAMPINAS, SUMARE]);
    vi.mocked(backend.setProviderProfile).mockResolvedValue({ ...KEPT, municipalities: [3552403, 3509502] });
    vi.mocked(backend.municipalityNames).mockResolvedValue([SUMARE, CAMPINAS]);
    render(ProviderPanel, {});
    await fireEvent.input(screen.getByTestId("provider-name"), { target: { value: "Conecta" } });
    await fireEvent.input(screen.getByTestId("provider-cnpj"), { target: { value: "11.222.333/0001-81" } });
    await fireEvent.input(screen.getByTestId("municipality-search"), { target: { value: "camp" } });
    expect(backend.findMunicipalities).toHaveBeenCalledWith("camp");
    await fireEvent.click((await screen.findAllByTestId("municipality-result"))[0]);
    await fireEvent.input(screen.getByTestId("municipality-search"), { target: { value: "sumar" } });
    // Campinas is served already: only Sumaré is offered.
    await waitFor(() => expect(screen.getAllByTestId("municipality-result")).toHaveLength(1));
    await fireEvent.click(screen.getByTestId("municipality-result"));
    const served = screen.getAllByTestId("served-municipality");
    expect(served[0]).toHaveTextContent("Campinas/SP");
    expect(served[0]).toHaveTextContent("sede");
    await fireEvent.click(within(served[1]).getByRole("button", { name: "tornar sede" }));
    expect(screen.getAllByTestId("served-municipality")[0]).toHaveTextContent("Sumaré/SP");

    await fireEvent.input(screen.getByTestId("base-name"), { target: { value: "Sede" } });
    await fireEvent.input(screen.getByTestId("base-lat"), { target: { value: "-22,9056" } });
    await fireEvent.input(screen.getByTestId("base-lon"), { target: { value: "-47.0608" } });
    await fireEvent.click(screen.getByTestId("provider-save"));
    await waitFor(() => expect(screen.getByTestId("provider-notice")).toHaveTextContent("Perfil do provedor salvo"));
    expect(backend.setProviderProfile).toHaveBeenCalledWith({
      name: "Conecta",
      cnpj: "11.222.333/0001-81",
      municipalities: [3552403, 3509502],
      bases: [{ name: "Sede", lat: -22.9056, lon: -47.0608, technicians: [] }],
    });
    expect(screen.getByTestId("base-lat")).toHaveValue("-22,9056");
  });

  it("shows every problem beside its field and keeps what was typed", async () => {
    vi.mocked(backend.setProviderProfile).mockRejectedValue({
      code: "invalid_fields",
      message: "Corrija os campos marcados; nada foi salvo.",
      params: {
        cnpj: "CNPJ inválido: confira os 14 caracteres e os dígitos verificadores",
        municipalities: "Informe ao menos um município atendido (código do IBGE)",
        "bases.0.location": "As coordenadas da base 1 não ficam no Brasil",
      },
    });
    render(ProviderPanel, {});
    await fireEvent.input(screen.getByTestId("provider-cnpj"), { target: { value: "123" } });
    await fireEvent.input(screen.getByTestId("base-lat"), { target: { value: "-22,9" } });
    await fireEvent.click(screen.getByTestId("provider-save"));
    await waitFor(() => expect(screen.getAllByTestId("provider-problem")).toHaveLength(3));
    const fields = screen.getAllByTestId("provider-problem").map((p) => p.dataset.field);
    expect(fields).toEqual(["cnpj", "municipalities", "bases.0.location"]);
    // The longitude left empty is named as such, not as "outside Brazil".
    expect(screen.getAllByTestId("provider-problem")[2]).toHaveTextContent("Digite latitude e longitude como números");
    expect(vi.mocked(backend.setProviderProfile).mock.calls[0][0].bases).toEqual([{ name: "", lat: -22.9, lon: 0, technicians: [] }]);
    expect(screen.getByTestId("provider-error")).toHaveTextContent("nada foi salvo");
    expect(screen.getByTestId("provider-cnpj")).toHaveValue("123");
  });

  it("is read-only for other roles", async () => {
    vi.mocked(backend.providerProfile).mockResolvedValue(KEPT);
    vi.mocked(backend.municipalityNames).mockResolvedValue([CAMPINAS]);
    render(ProviderPanel, { editable: false });
    await waitFor(() => expect(screen.getByTestId("provider-name")).toHaveValue("Conecta"));
    expect(screen.getByTestId("provider-name")).toBeDisabled();
    expect(screen.queryByTestId("provider-save")).toBeNull();
    expect(screen.getByTestId("provider-profile")).toHaveTextContent("Só a administração altera o perfil.");
  });
});
