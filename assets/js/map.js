// PES-TOR maps (Leaflet + markercluster, vendored under /static/vendor/). Enhances:
// - every [data-map-panel]: a map of the GeoJSON layers named in its [data-layer] children,
//   with clustering, keyboard-operable markers and popups linking to the records' pages;
// - every fieldset.location (inputs lat/lon): a small map to click or drag a marker, and a
//   locality chooser fed by /mapa/miejscowosci.
// On a kiosk (body.kiosk) the map is for fingers: larger markers and buttons, and a tapped
// marker opens a card below the map with a large button to the record instead of a popup; a
// group tapped at the deepest zoom lists its records in the card rather than fanning out.
// Without this script the pages show the list and the typed coordinates, which are complete.
(function () {
  'use strict';
  if (typeof window.L === 'undefined') return;
  var L = window.L;
  var KIOSK = document.body.classList.contains('kiosk');
  var MARKER = KIOSK ? 48 : 30;
  var GROUP = KIOSK ? 52 : 40;
  // How many records of a group the kiosk's card lists (the rest are in the list by the map).
  var GROUP_LIST = 12;

  var PREMISES = {
    wolny: { mark: 'W', label: 'wolny' },
    zajety: { mark: 'Z', label: 'zajęty' },
    'w-naborze': { mark: 'N', label: 'w naborze' },
    'w-remoncie': { mark: 'R', label: 'w remoncie' }
  };

  function numbers(text) {
    return String(text || '').split(',').map(Number);
  }

  function polishCount(n, one, few, many) {
    if (n === 1) return one;
    var last = n % 10, lastTwo = n % 100;
    if (last >= 2 && last <= 4 && (lastTwo < 12 || lastTwo > 14)) return few;
    return many;
  }

  // A base map with the server's zoom limits, bounds and attribution.
  function baseMap(element, data, options) {
    var b = numbers(data.bounds);
    var bounds = L.latLngBounds([b[0], b[1]], [b[2], b[3]]);
    var map = L.map(element, Object.assign({
      maxZoom: Number(data.maxZoom),
      minZoom: Number(data.minZoom),
      maxBounds: bounds.pad(0.1),
      zoomControl: false
    }, options || {}));
    L.control.zoom({ zoomInTitle: 'Przybliż', zoomOutTitle: 'Oddal' }).addTo(map);
    // A kiosk has no way out, not even to the library's site.
    map.attributionControl.setPrefix(KIOSK ? 'Leaflet' : '<a href="https://leafletjs.com">Leaflet</a>');
    L.tileLayer(data.tiles, {
      maxZoom: Number(data.maxZoom),
      minZoom: Number(data.minZoom),
      bounds: bounds,
      attribution: data.attribution
    }).addTo(map);
    // Where the map stands, for people's tools and tests alike: zoom and centre after each move.
    map.on('zoomend moveend', function () {
      var c = map.getCenter();
      element.dataset.zoomNow = String(map.getZoom());
      element.dataset.centreNow = round(c.lat) + ',' + round(c.lng);
    });
    map.setView([Number(data.lat), Number(data.lon)], Number(data.zoom));
    map.on('popupopen', function (e) {
      var close = e.popup.getElement() && e.popup.getElement().querySelector('.leaflet-popup-close-button');
      if (close) close.setAttribute('aria-label', 'Zamknij opis punktu');
    });
    return map;
  }

  function markerIcon(layer, props) {
    var mark = layer === 'pes' ? 'P' : 'I';
    var cls = 'map-marker map-mark map-mark-' + layer;
    if (layer === 'lokale') {
      var status = PREMISES[props.status] || { mark: '?' };
      mark = status.mark;
      cls += ' map-status-' + (PREMISES[props.status] ? props.status : 'inny');
    }
    return L.divIcon({ className: cls, html: '<span aria-hidden="true">' + mark + '</span>', iconSize: [MARKER, MARKER], iconAnchor: [MARKER / 2, MARKER / 2], popupAnchor: [0, 1 - MARKER / 2] });
  }

  function detailOf(layer, props) {
    if (layer === 'lokale') {
      var parts = ['lokal ' + (props.status_label || (PREMISES[props.status] || {}).label || '')];
      // As the lists write it: "210,60 m²".
      if (props.area) parts.push(Number(props.area).toFixed(2).replace('.', ',') + ' m²');
      if (props.district) parts.push(props.district);
      return parts.join(' · ');
    }
    if (layer === 'wsparcie') return [props.type_label, props.address].filter(Boolean).join(' · ');
    return [props.district].filter(Boolean).join(' · ');
  }

  function popupContent(layer, props) {
    var box = document.createElement('div');
    var title = document.createElement('p');
    title.className = 'map-popup-title';
    var link = document.createElement('a');
    link.href = props.url;
    link.textContent = props.name;
    title.appendChild(link);
    box.appendChild(title);
    var detail = detailOf(layer, props);
    if (detail) {
      var line = document.createElement('p');
      line.textContent = detail;
      box.appendChild(line);
    }
    return box;
  }

  // The kiosk's card under the map: a tapped marker's name, what it is and a large button to
  // its page, or the records of a tapped group. The card element stays in the page (empty when
  // closed) so that screen readers announce what appears in it.
  function kioskCard(panel, index) {
    var titleId = 'map-card-title-' + index;
    var card = document.createElement('section');
    card.className = 'map-card';
    card.setAttribute('aria-live', 'polite');
    panel.insertBefore(card, panel.querySelector('.map-status'));
    var opener = null;

    function close() {
      card.textContent = '';
      card.removeAttribute('aria-labelledby');
      if (opener && opener.getElement()) opener.getElement().focus({ preventScroll: true });
    }

    function element(tag, className, text) {
      var e = document.createElement(tag);
      if (className) e.className = className;
      if (text) e.textContent = text;
      return e;
    }

    function closeButton() {
      var button = element('button', 'map-card-close', 'Zamknij');
      button.type = 'button';
      button.addEventListener('click', close);
      return button;
    }

    // Fills the card and brings it into view, with the focus on its title.
    function open(from, parts) {
      opener = from;
      card.textContent = '';
      parts.forEach(function (part) { card.appendChild(part); });
      card.setAttribute('aria-labelledby', titleId);
      var title = card.querySelector('.map-card-title');
      title.focus({ preventScroll: true });
      card.scrollIntoView({ block: 'nearest' });
    }

    function title(text) {
      var t = element('p', 'map-card-title', text);
      t.id = titleId;
      t.tabIndex = -1;
      return t;
    }

    card.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') close();
    });

    return {
      show: function (marker, layer, props) {
        var parts = [title(props.name)];
        var detail = detailOf(layer, props);
        if (detail) parts.push(element('p', '', detail));
        var actions = element('p', 'map-card-actions');
        var link = element('a', 'map-card-open', 'Pokaż szczegóły');
        link.href = props.url;
        actions.appendChild(link);
        actions.appendChild(closeButton());
        parts.push(actions);
        open(marker, parts);
      },
      showGroup: function (group) {
        var markers = group.getAllChildMarkers();
        var n = markers.length;
        var parts = [title(n + ' ' + polishCount(n, 'punkt', 'punkty', 'punktów') + ' w tym miejscu')];
        var list = element('ul', 'map-card-list');
        markers.slice(0, GROUP_LIST).forEach(function (m) {
          var item = element('li');
          var link = element('a', '', m.feature.properties.name);
          link.href = m.feature.properties.url;
          item.appendChild(link);
          list.appendChild(item);
        });
        parts.push(list);
        if (n > GROUP_LIST) parts.push(element('p', '', 'Pozostałe są na liście pod mapą.'));
        var actions = element('p', 'map-card-actions');
        actions.appendChild(closeButton());
        parts.push(actions);
        open(null, parts);
      }
    };
  }

  function clusterIcon(cluster) {
    var n = cluster.getChildCount();
    var size = n < 10 ? 'small' : n < 100 ? 'medium' : 'large';
    return L.divIcon({
      className: 'marker-cluster marker-cluster-' + size,
      html: '<div><span aria-hidden="true">' + n + '</span><span class="visually-hidden">Grupa ' + n + ' ' +
        polishCount(n, 'punktu', 'punktów', 'punktów') + (KIOSK ? ', dotknij, aby zobaczyć' : ', Enter przybliża') +
        '</span></div>',
      iconSize: L.point(GROUP, GROUP)
    });
  }

  function initPanel(panel, index) {
    var canvas = panel.querySelector('.map-canvas');
    var status = panel.querySelector('.map-status');
    var sources = Array.prototype.slice.call(canvas.querySelectorAll('[data-layer]')).map(function (s) {
      return { key: s.dataset.layer, label: s.dataset.label, src: s.dataset.src };
    });
    panel.hidden = false;
    var map = baseMap(canvas, panel.dataset, KIOSK ? { bounceAtZoomLimits: false } : {});
    var card = KIOSK ? kioskCard(panel, index) : null;
    // Only markers that would overlap are grouped; at the deepest zoom a click on a group
    // spreads its markers out (the plug-in's default), or on a kiosk lists them in the card.
    var clusters = L.markerClusterGroup({
      iconCreateFunction: clusterIcon,
      showCoverageOnHover: false,
      chunkedLoading: true,
      maxClusterRadius: KIOSK ? 52 : 36,
      spiderfyOnMaxZoom: !KIOSK
    });
    if (card) {
      clusters.on('clusterclick', function (e) {
        if (map.getZoom() >= map.getMaxZoom()) card.showGroup(e.layer);
      });
    }
    map.addLayer(clusters);
    var counts = [];
    var all = L.latLngBounds([]);
    var loads = sources.map(function (source) {
      return fetch(source.src, { headers: { Accept: 'application/geo+json' } })
        .then(function (r) {
          if (!r.ok) throw new Error(String(r.status));
          return r.json();
        })
        .then(function (geojson) {
          var n = 0;
          (geojson.features || []).forEach(function (f) {
            if (!f.geometry || f.geometry.type !== 'Point') return;
            var c = f.geometry.coordinates;
            var props = f.properties || {};
            var latlng = L.latLng(c[1], c[0]);
            var marker = L.marker(latlng, { icon: markerIcon(source.key, props), title: props.name, keyboard: true, riseOnHover: true });
            if (card) {
              marker.on('click', function () { card.show(marker, source.key, props); });
            } else {
              marker.bindPopup(popupContent(source.key, props));
            }
            marker.feature = f;
            marker.layerKey = source.key;
            clusters.addLayer(marker);
            all.extend(latlng);
            n += 1;
          });
          counts.push(source.label + ': ' + n);
          panel.dataset['count' + source.key.charAt(0).toUpperCase() + source.key.slice(1)] = String(n);
        })
        .catch(function () {
          counts.push(source.label + ': warstwa niedostępna');
          panel.dataset['count' + source.key.charAt(0).toUpperCase() + source.key.slice(1)] = 'brak';
        });
    });
    Promise.all(loads).then(function () {
      if (all.isValid()) map.fitBounds(all, { padding: [24, 24], maxZoom: Number(panel.dataset.maxZoom), animate: false });
      status.textContent = 'Na mapie – ' + counts.join('; ') + '.';
      // An empty map on a kiosk only pushes the advice of an empty result off the screen.
      if (KIOSK && !all.isValid()) panel.hidden = true;
      panel.dataset.ready = '1';
    });
  }

  function round(v) {
    return String(Math.round(v * 1e6) / 1e6);
  }

  function parse(v) {
    var n = Number(String(v || '').trim().replace(',', '.'));
    return String(v || '').trim() !== '' && isFinite(n) ? n : null;
  }

  // The location picker of a form.
  function initLocation(fieldset, template, index) {
    var lat = fieldset.querySelector('input[name=lat]');
    var lon = fieldset.querySelector('input[name=lon]');
    if (!lat || !lon) return;
    var id = 'loc-' + index;
    var chooser = document.createElement('div');
    chooser.className = 'field locality-chooser';
    var label = document.createElement('label');
    label.htmlFor = id + '-place';
    label.textContent = 'Znajdź miejscowość (wpisz początek nazwy i wybierz z listy)';
    var input = document.createElement('input');
    input.type = 'search';
    input.id = id + '-place';
    input.autocomplete = 'off';
    input.setAttribute('list', id + '-list');
    var list = document.createElement('datalist');
    list.id = id + '-list';
    chooser.appendChild(label);
    chooser.appendChild(input);
    chooser.appendChild(list);
    var hint = document.createElement('p');
    hint.className = 'hint';
    hint.textContent = 'Możesz też kliknąć mapę albo przeciągnąć znacznik; współrzędne wpiszą się same.';
    var canvas = document.createElement('div');
    canvas.className = 'map-canvas map-canvas-small';
    canvas.setAttribute('role', 'region');
    canvas.setAttribute('aria-label', 'Mapa do wskazania położenia');
    fieldset.appendChild(chooser);
    fieldset.appendChild(hint);
    fieldset.appendChild(canvas);
    var data = Object.assign({}, template);
    var start = [parse(lat.value), parse(lon.value)];
    if (start[0] !== null && start[1] !== null) {
      data.lat = start[0];
      data.lon = start[1];
      data.zoom = data.maxZoom;
    }
    var map = baseMap(canvas, data);
    var marker = null;
    function place(latlng, fill) {
      if (!marker) {
        marker = L.marker(latlng, { draggable: true, keyboard: true, title: 'Wybrane położenie', autoPan: true }).addTo(map);
        marker.on('dragend', function () { place(marker.getLatLng(), true); });
      } else {
        marker.setLatLng(latlng);
      }
      if (fill) {
        lat.value = round(latlng.lat);
        lon.value = round(latlng.lng);
      }
    }
    if (start[0] !== null && start[1] !== null) place(L.latLng(start[0], start[1]), false);
    map.on('click', function (e) { place(e.latlng, true); });
    function fromInputs() {
      var a = parse(lat.value), b = parse(lon.value);
      if (a !== null && b !== null && Math.abs(a) <= 90 && Math.abs(b) <= 180) {
        place(L.latLng(a, b), false);
        map.panTo([a, b]);
      }
    }
    lat.addEventListener('change', fromInputs);
    lon.addEventListener('change', fromInputs);
    var found = [];
    var timer = null;
    input.addEventListener('input', function () {
      var chosen = found.filter(function (f) { return f.label === input.value; })[0];
      if (chosen) {
        var latlng = L.latLng(chosen.lat, chosen.lon);
        place(latlng, true);
        map.setView(latlng, Math.min(Number(data.maxZoom), 12));
        return;
      }
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2) return;
      timer = setTimeout(function () {
        fetch('/mapa/miejscowosci?q=' + encodeURIComponent(text))
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (items) {
            found = items;
            list.textContent = '';
            items.forEach(function (item) {
              var option = document.createElement('option');
              option.value = item.label;
              list.appendChild(option);
            });
          })
          .catch(function () { found = []; });
      }, 200);
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-map-panel]'), initPanel);
    var template = document.querySelector('[data-map-base]');
    var fieldsets = document.querySelectorAll('fieldset.location');
    if (template && fieldsets.length) {
      Array.prototype.forEach.call(fieldsets, function (f, i) { initLocation(f, template.dataset, i); });
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}());
