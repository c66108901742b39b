// Namespaces almost every part of the service uses; feature namespaces stay explicit so each file shows the slices it depends on.
global using System.Globalization;
global using Microsoft.AspNetCore.Mvc;
global using Microsoft.AspNetCore.Mvc.RazorPages;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.Extensions.Options;
global using SealService.Data;
global using SealService.Domain;
global using SealService.Infrastructure;
global using SealService.Infrastructure.Localization;
global using SealService.Programs;
