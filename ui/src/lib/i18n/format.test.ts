import { describe, expect, it } from "vitest";
import {
  DEFAULT_TIME_ZONE,
  clockOf,
  formatCount,
  formatDate,
  formatDateTime,
  formatMoney,
  formatOrderNumber,
  formatPhone,
  formatZone,
  maskDate,
  minutesOfClock,
  parseDate,
  providerTime,
  setProviderZone,
} from "./format";
import { messages } from "./messages";

describe("dates as people in Brazil read them, before the provider's zone is known", () => {
  it("shows a calendar date as dd/mm/aaaa", () => {
    expect(formatDate("2026-11-23")).toBe("23/11/2026");
    expect(formatDate("2027-01-05")).toBe("05/01/2027");
  });

  it("shows an instant in Brasília time, 24-hour", () => {
    expect(formatDateTime("2026-11-23T17:05:00Z")).toBe("23/11/2026 14:05");
  });

  it("puts a late-night UTC instant on the previous day in Brasília", () => {
    expect(formatDateTime("2026-11-24T01:30:00Z")).toBe("23/11/2026 22:30");
  });

  it("uses 00 for midnight, never 24", () => {
    expect(formatDateTime("2026-11-24T03:00:00Z")).toBe("24/11/2026 00:00");
  });

  it("reads offsets other than Z", () => {
    expect(formatDateTime("2026-11-23T14:05:00-03:00")).toBe("23/11/2026 14:05");
  });
});

describe("typing a day", () => {
  it("masks digits as dd/mm/aaaa while they are typed or pasted", () => {
    expect(maskDate("0")).toBe("0");
    expect(maskDate("011")).toBe("01/1");
    expect(maskDate("01122026")).toBe("01/12/2026");
    expect(maskDate("01/12/2026")).toBe("01/12/2026");
    expect(maskDate("01-12-2026 99")).toBe("01/12/2026");
  });

  it("reads a real day as its calendar date, never month first", () => {
    expect(parseDate("01/12/2026")).toBe("2026-12-01");
    expect(parseDate("12/01/2026")).toBe("2026-01-12");
    expect(parseDate("29/02/2028")).toBe("2028-02-29");
  });

  it("refuses a day that does not exist or is half typed", () => {
    expect(parseDate("31/02/2026")).toBeNull();
    expect(parseDate("29/02/2026")).toBeNull();
    expect(parseDate("00/12/2026")).toBeNull();
    expect(parseDate("01/13/2026")).toBeNull();
    expect(parseDate("01/12/20")).toBeNull();
    expect(parseDate("")).toBeNull();
  });
});

describe("money and numbers", () => {
  it("shows cents as reais with pt-BR separators", () => {
    expect(formatMoney(123456)).toBe("R$\u00a01.234,56");
    expect(formatMoney(9990)).toBe("R$\u00a099,90");
  });

  it("names a municipality's time zone as people say it, not by its id", () => {
    expect(formatZone("America/Recife", "pt-BR")).toBe("Horário Padrão de Brasília");
    expect(formatZone("America/Manaus", "pt-BR")).toBe("Horário Padrão do Amazonas");
    expect(formatZone("America/Recife", "en")).toBe("Brasilia Standard Time");
    expect(formatZone("Nowhere/Atlantis", "pt-BR")).toBe("Nowhere/Atlantis");
  });

  it("pads the OS number to six digits", () => {
    expect(formatOrderNumber(123)).toBe("OS 000123");
    expect(formatPhone("81998765432")).toBe("(81) 99876-5432");
    expect(formatPhone("8133334444")).toBe("(81) 3333-4444");
    expect(formatPhone("123")).toBe("123");
    expect(formatOrderNumber(1234567)).toBe("OS 1234567");
    expect(formatOrderNumber(123, "en")).toBe("WO 000123");
  });

  it("groups thousands as each language writes them", () => {
    expect(formatCount(12345)).toBe("12.345");
    expect(messages["pt-BR"].filters.total(12345)).toBe("12.345 ordens");
    expect(messages["pt-BR"].filters.total(1)).toBe("1 ordem");
    expect(messages.en.filters.total(12345)).toBe("12,345 orders");
    expect(messages["pt-BR"].num(17000)).toBe("17.000");
    expect(messages.en.num(17000)).toBe("17,000");
  });
});

describe("labels", () => {
  it("names every status in Portuguese as the operation does", () => {
    const s = messages["pt-BR"].status;
    expect(s.pending_analysis).toBe("Em análise");
    expect(s.en_route).toBe("Em deslocamento");
    expect(s.not_done).toBe("Não realizada");
    expect(messages["pt-BR"].kind.repair).toBe("Reparo / visita técnica");
    expect(messages["pt-BR"].period.morning).toBe("Manhã");
  });
});

describe("the time before the provider's zone is known", () => {
  it("is the wall clock of Brasília (UTC−3), 24 h", () => {
    expect(providerTime(new Date("2026-11-23T16:05:00Z"))).toBe("13:05");
    expect(providerTime(new Date("2026-11-24T02:30:00Z"))).toBe("23:30");
  });

  it("reads and writes the times of day the editors use", () => {
    expect(clockOf(450)).toBe("07:30");
    expect(clockOf(1080)).toBe("18:00");
    expect(minutesOfClock("07:30")).toBe(450);
    expect(minutesOfClock("")).toBe(0);
  });
});

describe("the provider's time zone", () => {
  it("reads clocks in the provider's zone once the backend names it (Manaus is an hour behind Recife)", () => {
    const instant = "2026-12-02T03:30:00Z";
    expect(formatDateTime(instant)).toBe("02/12/2026 00:30");
    setProviderZone("America/Manaus");
    try {
      expect(formatDateTime(instant)).toBe("01/12/2026 23:30");
      expect(providerTime(new Date(instant))).toBe("23:30");
      setProviderZone("Not/AZone");
      expect(formatDateTime(instant)).toBe("01/12/2026 23:30");
    } finally {
      setProviderZone(DEFAULT_TIME_ZONE);
    }
  });
});
